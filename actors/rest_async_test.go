package actors

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/anthdm/hollywood/actor"
	"github.com/stretchr/testify/assert"
)

type restResult struct {
	value string
	err   error
}

func TestRESTCallSendsTheResultOrTheFailureOfAPanic(t *testing.T) {
	e := newEngine(t)
	panics := spawnProbe(t, e, "panics")
	results := make(chan restResult, 2)
	var wg sync.WaitGroup
	call := restCall{log: testLogger(t), timeout: time.Second, panics: panics.pid, wg: &wg}
	cases := []struct {
		name  string
		fetch func(ctx context.Context) any
		want  restResult
		panic bool
	}{
		{name: "a result", fetch: func(ctx context.Context) any {
			if _, ok := ctx.Deadline(); !ok {
				return restResult{err: errors.New("no deadline")}
			}
			return restResult{value: "ok"}
		}, want: restResult{value: "ok"}},
		{name: "a panic", fetch: func(context.Context) any { panic("boom") }, panic: true,
			want: restResult{err: errors.New("internal error in a REST call: boom")}},
	}
	for _, c := range cases {
		pid := e.SpawnFunc(func(ac *actor.Context) {
			switch m := ac.Message().(type) {
			case actor.Started:
				call.start(ac, c.fetch, func(err error) any { return restResult{err: err} })
			case restResult:
				results <- m
			}
		}, "rest", actor.WithID(c.name))
		select {
		case got := <-results:
			assert.Equal(t, c.want, got, c.name)
		case <-time.After(5 * time.Second):
			t.Fatalf("%s: no result", c.name)
		}
		if c.panic {
			p := expectMsg[actorPanicked](t, panics)
			assert.Equal(t, "boom", p.reason)
			assert.Equal(t, pid.GetID(), p.pid)
		}
		wg.Wait() // Done once sent
		<-e.Poison(pid).Done()
	}
	expectNone[actorPanicked](t, panics)
}
