package actors

import (
	"context"
	"slices"
	"sync"
	"time"

	"github.com/anthdm/hollywood/actor"
	"go.uber.org/zap"
)

const (
	// reconcileTimeout bounds one reconciliation's REST calls together.
	reconcileTimeout = 60 * time.Second
	// maxClosedLookups bounds the GET /data/order/{id} calls of one
	// reconciliation (orders that left the book during the outage).
	maxClosedLookups = 50
)

// reconcileDone carries a finished fetch (fetch goroutine → reconciler).
type reconcileDone struct{ result userReconciled }

// userReconciler reads the user's orders and trades over REST after a
// reconnect of the user channel. It runs one fetch at a time on its own
// goroutine, so nothing blocks an actor; a request arriving meanwhile is
// kept (the newest one) and runs next. Its stop cancels the fetch and
// waits for the goroutine.
type userReconciler struct {
	fetcher UserRESTFetcher
	router  *actor.PID
	log     *zap.Logger

	busy   bool
	queued *reconcileUser
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

func newUserReconciler(fetcher UserRESTFetcher, router *actor.PID, log *zap.Logger) actor.Producer {
	return func() actor.Receiver {
		ctx, cancel := context.WithCancel(context.Background())
		return &userReconciler{fetcher: fetcher, router: router, log: log, ctx: ctx, cancel: cancel}
	}
}

func (r *userReconciler) Receive(c *actor.Context) {
	switch m := c.Message().(type) {
	case reconcileUser:
		if r.busy {
			r.queued = &m
			return
		}
		r.start(c, m)
	case reconcileDone:
		r.busy = false
		c.Send(r.router, m.result)
		if q := r.queued; q != nil {
			r.queued = nil
			r.start(c, *q)
		}
	case actor.Stopped:
		r.cancel()
		r.wg.Wait()
	}
}

func (r *userReconciler) start(c *actor.Context, m reconcileUser) {
	r.busy = true
	fetcher := r.fetcher
	call := restCall{log: r.log, timeout: reconcileTimeout, parent: r.ctx, panics: r.router, wg: &r.wg}
	call.start(c, func(ctx context.Context) any {
		return reconcileDone{result: fetchUserView(ctx, fetcher, m)}
	}, func(err error) any {
		return reconcileDone{result: userReconciled{mark: m.mark, after: m.after, losses: m.losses, err: err}}
	})
}

// fetchUserView performs the REST calls of one reconciliation.
func fetchUserView(ctx context.Context, f UserRESTFetcher, m reconcileUser) userReconciled {
	res := userReconciled{mark: m.mark, after: m.after, losses: m.losses}
	res.open, res.err = f.OpenOrders(ctx)
	if res.err != nil {
		return res
	}
	res.trades, res.err = f.Trades(ctx, m.after)
	if res.err != nil {
		return res
	}
	open := make(map[string]bool, len(res.open))
	for _, o := range res.open {
		open[o.ID] = true
	}
	gone := slices.DeleteFunc(slices.Clone(m.known), func(id string) bool { return open[id] })
	for _, id := range gone[:min(len(gone), maxClosedLookups)] {
		o, found, err := f.Order(ctx, id)
		if err != nil {
			res.err = err
			return res
		}
		if found {
			res.closed = append(res.closed, o)
		}
	}
	return res
}
