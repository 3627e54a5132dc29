package actors

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/anthdm/hollywood/actor"
	"go.uber.org/zap"
)

// restCall runs one REST call off an actor, so that nothing blocks its
// inbox: fetch runs on its own goroutine with a context that ends after
// timeout (or with parent), and what it returns goes back to the actor as
// a message.
//
// A panic in fetch would otherwise kill the process (the supervisor only
// guards Receive). It is recovered here, logged, counted like an actor
// panic (an actorPanicked to panics, the router), and the actor gets
// failed(err) in place of the result, so that nothing waits forever for a
// reply that will not come.
type restCall struct {
	log     *zap.Logger
	timeout time.Duration
	// parent bounds the call beyond its timeout (nil: none).
	parent context.Context
	// panics is where a recovered panic is counted (nil: only logged).
	panics *actor.PID
	// wg, when set, is Done once the result was sent.
	wg *sync.WaitGroup
}

// start runs fetch for the actor of c and sends it fetch's result, or
// failed(err) after a panic.
func (rc restCall) start(c *actor.Context, fetch func(ctx context.Context) any, failed func(err error) any) {
	e, self := c.Engine(), c.PID()
	parent := rc.parent
	if parent == nil {
		parent = context.Background()
	}
	if rc.wg != nil {
		rc.wg.Add(1)
	}
	go func() {
		if rc.wg != nil {
			defer rc.wg.Done()
		}
		e.Send(self, rc.run(parent, self, e, fetch, failed))
	}()
}

// run calls fetch with the deadline and turns a panic into failed(err).
func (rc restCall) run(parent context.Context, self *actor.PID, e *actor.Engine,
	fetch func(context.Context) any, failed func(error) any) (result any) {
	ctx, cancel := context.WithTimeout(parent, rc.timeout)
	defer cancel()
	defer func() {
		if r := recover(); r != nil {
			reason := fmt.Sprint(r)
			if rc.log != nil {
				rc.log.Error("REST call panic recovered", zap.String("pid", self.GetID()), zap.String("panic", reason), zap.Stack("stack"))
			}
			if rc.panics != nil {
				e.Send(rc.panics, actorPanicked{pid: self.GetID(), reason: reason})
			}
			result = failed(fmt.Errorf("internal error in a REST call: %s", reason))
		}
	}()
	return fetch(ctx)
}
