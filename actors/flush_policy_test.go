package actors

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestFlushPolicyQueuesOneDueAndFlushesALongBacklogInSteps(t *testing.T) {
	var p flushPolicy
	assert.Equal(t, flushQueueDue, p.afterFrame(), "the first frame queues a flushDue behind the backlog")
	for i := 2; i < maxFramesPerFlush; i++ {
		assert.Equal(t, flushNothing, p.afterFrame(), "frame %d: the flushDue is on its way", i)
	}
	assert.Equal(t, flushNow, p.afterFrame(), "frame %d: the batch may grow no more", maxFramesPerFlush)
	p.flushed()
	assert.Equal(t, flushNothing, p.afterFrame(), "the flushDue queued earlier still comes")

	p.dueArrived()
	p.flushed()
	assert.Equal(t, flushQueueDue, p.afterFrame(), "once it came, the next frame queues another")
}

func TestFlushPolicyIdleRouterFlushesEveryFrame(t *testing.T) {
	var p flushPolicy
	for range 3 { // each flushDue arrives before the next frame
		assert.Equal(t, flushQueueDue, p.afterFrame())
		p.dueArrived()
		p.flushed()
	}
}
