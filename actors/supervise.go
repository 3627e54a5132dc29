package actors

import (
	"fmt"
	"sync/atomic"

	"github.com/anthdm/hollywood/actor"
	"go.uber.org/zap"
)

// supervisor recovers panics in every actor of the system. hollywood's own
// restart is not enough: it throws the actor's state away, and once an actor
// exhausts its restarts v1.0.5 crashes the whole process (libraries.md §0).
// A recovered panic loses only the message that caused it; the actor keeps
// its state and goes on with the next message, and no other actor notices.
type supervisor struct {
	log *zap.Logger
	// router receives the panic counts; it is set once the router exists.
	router atomic.Pointer[actor.PID]
}

// middleware is installed on every actor with actor.WithMiddleware. It wraps
// Initialized and Started too, so a panic there does not escape into Spawn.
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
