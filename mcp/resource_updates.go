package mcp

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/anthdm/hollywood/actor"
	mcpgo "github.com/mark3labs/mcp-go/mcp"
	mcpserver "github.com/mark3labs/mcp-go/server"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

// updateHub sends notifications/resources/updated for subscription
// resources to whoever asked for them, in either era:
//   - 2025 revisions: resources/subscribe on a session (hooks below); sent
//     by session id through mcp-go;
//   - 2026-07-28: a subscriptions/listen stream whose filter names the
//     URIs; sent on that stream's own session, tagged with its id.
//
// The actors call SubscriptionUpdated, already coalesced per subscription
// (actors/updates.go). It never blocks: a full channel loses the
// notification, counted in Drops, and the events stay readable.
type updateHub struct {
	srv   *mcpserver.MCPServer
	mu    sync.RWMutex
	byURI map[string]map[*updateListener]struct{}
	drops atomic.Uint64
}

// updateListener is one subscriber of one URI: a session (2025) or a
// listen stream (2026), on behalf of an owner. Only the owner's
// subscriptions reach it, so naming another owner's id hears nothing,
// exactly as naming an unknown id.
type updateListener struct {
	owner     string
	sessionID string                  // 2025: resources/subscribe
	stream    mcpserver.ClientSession // 2026: the listen stream's session
	streamID  any                     // 2026: the listen request's id
}

func newUpdateHub() *updateHub {
	return &updateHub{byURI: make(map[string]map[*updateListener]struct{})}
}

// SubscriptionUpdated implements actors.UpdateNotifier.
func (h *updateHub) SubscriptionUpdated(owner, subscriptionID string) {
	uri := subscriptionURI(subscriptionID)
	h.mu.RLock()
	defer h.mu.RUnlock()
	for l := range h.byURI[uri] {
		if l.owner == owner && !h.send(l, uri) {
			h.drops.Add(1)
		}
	}
}

func (h *updateHub) send(l *updateListener, uri string) bool {
	if l.stream == nil {
		return h.srv.SendNotificationToSpecificClient(l.sessionID, mcpgo.MethodNotificationResourceUpdated,
			map[string]any{"uri": uri}) == nil
	}
	n := mcpgo.JSONRPCNotification{JSONRPC: mcpgo.JSONRPC_VERSION, Notification: mcpgo.Notification{
		Method: mcpgo.MethodNotificationResourceUpdated,
		Params: mcpgo.NotificationParams{
			Meta:             map[string]any{mcpgo.MetaKeySubscriptionID: l.streamID},
			AdditionalFields: map[string]any{"uri": uri},
		},
	}}
	if up, ok := l.stream.(mcpserver.SessionWithStreamableHTTPConfig); ok {
		up.UpgradeToSSEWhenReceiveNotification()
	}
	select {
	case l.stream.NotificationChannel() <- n:
		return true
	default:
		return false
	}
}

func (h *updateHub) add(uri string, l *updateListener) {
	h.mu.Lock()
	defer h.mu.Unlock()
	set := h.byURI[uri]
	if set == nil {
		set = make(map[*updateListener]struct{})
		h.byURI[uri] = set
	}
	set[l] = struct{}{}
}

// removeWhere drops the listeners for which drop is true, of uri or (uri
// == "") of every URI.
func (h *updateHub) removeWhere(uri string, drop func(*updateListener) bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for u, set := range h.byURI {
		if uri != "" && u != uri {
			continue
		}
		for l := range set {
			if drop(l) {
				delete(set, l)
			}
		}
		if len(set) == 0 {
			delete(h.byURI, u)
		}
	}
}

// addUpdateHooks wires both eras' ways of asking for updates into the hub.
// touchEvery is how often an open listen stream marks its subscriptions as
// used, so that the idle TTL spares them.
func addUpdateHooks(hooks *mcpserver.Hooks, h *updateHub, e *actor.Engine, system *actor.PID, touchEvery time.Duration) {
	hooks.AddAfterSubscribe(func(ctx context.Context, _ any, req *mcpgo.SubscribeRequest, _ *mcpgo.EmptyResult) {
		s := mcpserver.ClientSessionFromContext(ctx)
		if _, ok := subscriptionIDOf(req.Params.URI); !ok || s == nil {
			return
		}
		uri := baseURI(req.Params.URI)
		sid := s.SessionID()
		h.removeWhere(uri, func(l *updateListener) bool { return l.stream == nil && l.sessionID == sid })
		h.add(uri, &updateListener{owner: sessionID(ctx), sessionID: sid})
	})
	hooks.AddAfterUnsubscribe(func(ctx context.Context, _ any, req *mcpgo.UnsubscribeRequest, _ *mcpgo.EmptyResult) {
		if s := mcpserver.ClientSessionFromContext(ctx); s != nil {
			sid := s.SessionID()
			h.removeWhere(baseURI(req.Params.URI), func(l *updateListener) bool { return l.stream == nil && l.sessionID == sid })
		}
	})
	hooks.AddOnUnregisterSession(func(_ context.Context, s mcpserver.ClientSession) {
		sid := s.SessionID()
		h.removeWhere("", func(l *updateListener) bool { return l.stream == nil && l.sessionID == sid })
	})
	hooks.AddBeforeSubscriptionsListen(func(ctx context.Context, id any, req *mcpgo.SubscriptionsListenRequest) {
		listenForUpdates(ctx, h, e, system, id, req.Params.Notifications.ResourceSubscriptions, touchEvery)
	})
}

// listenForUpdates registers a listen stream for the subscription URIs of
// its filter until the stream ends (its request's ctx), and keeps those
// subscriptions from idling out meanwhile.
func listenForUpdates(ctx context.Context, h *updateHub, e *actor.Engine, system *actor.PID, streamID any, uris []string, touchEvery time.Duration) {
	s := mcpserver.ClientSessionFromContext(ctx)
	if s == nil || streamID == nil {
		return
	}
	owner := sessionID(ctx)
	l := &updateListener{owner: owner, stream: s, streamID: streamID}
	var ids []string
	for _, u := range uris {
		if id, ok := subscriptionIDOf(u); ok {
			ids = append(ids, id)
			h.add(baseURI(u), l)
		}
	}
	if len(ids) == 0 {
		return
	}
	touch := messages.TouchSubscriptions{SessionID: owner, IDs: ids}
	e.Send(system, touch)
	go func() {
		tick := time.NewTicker(touchEvery)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				h.removeWhere("", func(x *updateListener) bool { return x == l })
				e.Send(system, touch) // the TTL counts from the stream's end
				return
			case <-tick.C:
				e.Send(system, touch)
			}
		}
	}()
}

// baseURI is a subscription URI without its query: what update
// notifications name.
func baseURI(uri string) string {
	id, _ := subscriptionIDOf(uri)
	return subscriptionURI(id)
}
