package actors

import (
	"fmt"
	"sync/atomic"

	"github.com/anthdm/hollywood/actor"
	"go.uber.org/zap"
)

// supervisor recovers panics in every actor of the system. hollywood's own
// restart is not enough: it throws the actor's state away, and once an actor
// exhausts its restarts v1.0.5 crashes the whole process (docs/decisions.md
// "No hollywood restarts"). A recovered panic loses only the message that
// caused it; the actor keeps its state and goes on with the next message, and
// no other actor notices.
type supervisor struct {
	log *zap.Logger
	// router receives the panic counts; it is set once the router exists.
	router atomic.Pointer[actor.PID]
}

// supervised wraps every receiver a producer makes in the recover
// middleware, once per actor. actor.WithMiddleware would do the same but
// hollywood v1.0.5 rebuilds the middleware chain for every message it
// delivers, two allocations per message on the hot path. The wrapper sees
// every message, Initialized and Started included, so a panic there does
// not escape into Spawn either.
func (s *supervisor) supervised(p actor.Producer) actor.Producer {
	return func() actor.Receiver {
		return supervisedReceiver{receive: s.middleware()(p().Receive)}
	}
}

type supervisedReceiver struct{ receive actor.ReceiveFunc }

func (r supervisedReceiver) Receive(c *actor.Context) { r.receive(c) }

// middleware recovers a panic of next and reports it.
func (s *supervisor) middleware() actor.MiddlewareFunc {
	return func(next actor.ReceiveFunc) actor.ReceiveFunc {
		return func(c *actor.Context) {
			defer func() {
				if r := recover(); r != nil {
					s.recovered(c, r)
				}
			}()
			next(c)
		}
	}
}

func (s *supervisor) recovered(c *actor.Context, r any) {
	pid := c.PID().GetID()
	s.log.Error("actor panic recovered",
		zap.String("pid", pid),
		zap.String("panic", fmt.Sprint(r)),
		zap.String("message", fmt.Sprintf("%T", c.Message())),
		zap.Stack("stack"))
	if router := s.router.Load(); router != nil {
		c.Engine().Send(router, actorPanicked{pid: pid, reason: fmt.Sprint(r)})
	}
}
