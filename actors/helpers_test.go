package actors

import (
	"testing"
	"time"

	"github.com/anthdm/hollywood/actor"
	"github.com/stretchr/testify/require"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest"
)

// probe is a recording actor that stands in for a collaborator.
type probe struct {
	pid *actor.PID
	ch  chan any
}

func spawnProbe(t *testing.T, e *actor.Engine, id string) *probe {
	t.Helper()
	p := &probe{ch: make(chan any, 1024)}
	p.pid = e.SpawnFunc(func(c *actor.Context) {
		switch c.Message().(type) {
		case actor.Initialized, actor.Started, actor.Stopped:
			return
		}
		p.ch <- c.Message()
	}, "probe", actor.WithID(id))
	t.Cleanup(func() { <-e.Poison(p.pid).Done() })
	return p
}

// expectMsg returns the next message of type T, skipping others.
func expectMsg[T any](t *testing.T, p *probe) T {
	t.Helper()
	deadline := time.After(5 * time.Second)
	for {
		select {
		case m := <-p.ch:
			if v, ok := m.(T); ok {
				return v
			}
		case <-deadline:
			var zero T
			t.Fatalf("no %T within 5s", zero)
			return zero
		}
	}
}

// expectNone asserts that no message of type T is queued right now. Callers
// first make sure the actor under test is done (a Request acts as a barrier).
func expectNone[T any](t *testing.T, p *probe) {
	t.Helper()
	for {
		select {
		case m := <-p.ch:
			if _, ok := m.(T); ok {
				t.Fatalf("unexpected %T: %+v", m, m)
			}
		default:
			return
		}
	}
}

func newEngine(t *testing.T) *actor.Engine {
	t.Helper()
	e, err := actor.NewEngine(actor.NewEngineConfig())
	require.NoError(t, err)
	return e
}

func testLogger(t *testing.T) *zap.Logger {
	return zaptest.NewLogger(t, zaptest.Level(zap.WarnLevel))
}

// ask is a Request that fails the test on timeout or a wrong reply type.
func ask[T any](t *testing.T, e *actor.Engine, pid *actor.PID, msg any) T {
	t.Helper()
	res, err := e.Request(pid, msg, 5*time.Second).Result()
	require.NoError(t, err)
	v, ok := res.(T)
	require.Truef(t, ok, "reply %T, want %T", res, v)
	return v
}
