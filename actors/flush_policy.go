package actors

// maxFramesPerFlush bounds how many frames' events a subscription's batch
// gathers before the router delivers it, even with more frames queued.
const maxFramesPerFlush = 256

// flushPolicy decides when the router delivers its batches (see
// router.flushAfterBacklog). It is pure: the router does what it says.
type flushPolicy struct {
	unflushed int  // frames routed since the last flush
	queued    bool // a flushDue is in the router's own inbox
}

// flushAction is what the router does after routing a frame.
type flushAction int

const (
	flushNothing  flushAction = iota // a flushDue is already on its way
	flushQueueDue                    // send itself a flushDue behind the backlog
	flushNow                         // the batch is as large as it may grow
)

// afterFrame is called for every frame that left a batch to deliver.
func (p *flushPolicy) afterFrame() flushAction {
	p.unflushed++
	switch {
	case p.unflushed >= maxFramesPerFlush:
		return flushNow
	case p.queued:
		return flushNothing
	}
	p.queued = true
	return flushQueueDue
}

// flushed is called whenever the router delivers its batches.
func (p *flushPolicy) flushed() { p.unflushed = 0 }

// dueArrived is called when the router's flushDue comes out of its inbox.
func (p *flushPolicy) dueArrived() { p.queued = false }
