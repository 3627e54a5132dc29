package messages

import "time"

// Connection states, as shown in status.
const (
	StateIdle       = "idle"
	StateConnecting = "connecting"
	StateConnected  = "connected"
	StateBackoff    = "backoff"
	StateClosed     = "closed"
)

// Status is the answer to StatusRequest and the content of the
// polymarket://websocket-status resource.
type Status struct {
	Connections    []ConnectionStatus   `json:"connections"`
	Subscriptions  []SubscriptionStatus `json:"subscriptions"`
	Statistics     Statistics           `json:"statistics"`
	BackgroundTask BackgroundTask       `json:"background_task"`
	// Books lists the order books kept for orderbook subscriptions.
	Books []BookStatus `json:"books,omitempty"`
	// Markets lists the markets watched for resolution.
	Markets   []ResolutionStatus `json:"markets,omitempty"`
	Simulated bool               `json:"simulated,omitempty"`
}

// ConnectionStatus describes one upstream WebSocket connection. It never
// carries credentials.
type ConnectionStatus struct {
	Endpoint         string     `json:"endpoint"`
	State            string     `json:"state"`
	URL              string     `json:"url"`
	SubscribedAssets int        `json:"subscribed_assets"`
	Reconnects       int        `json:"reconnects"`
	LastError        string     `json:"last_error,omitempty"`
	ConnectedSince   *time.Time `json:"connected_since,omitempty"`
	DecodeErrors     int        `json:"decode_errors"`
	ConnectionErrors int        `json:"connection_errors"`
	// Redrives counts watchdog interventions on a silent connection;
	// LastRedrive says what the last one did and why.
	Redrives    int    `json:"redrives"`
	LastRedrive string `json:"last_redrive,omitempty"`
	// Topics lists the upstream RTDS subscriptions (rtds endpoint only).
	Topics []TopicStatus `json:"topics,omitempty"`
}

// SubscriptionStatus describes one subscription of the caller's session.
type SubscriptionStatus struct {
	SubscriptionID string     `json:"subscription_id"`
	Type           string     `json:"type"`
	AssetIDs       []string   `json:"asset_ids,omitempty"`
	EventsReceived uint64     `json:"events_received"`
	LastEventAt    *time.Time `json:"last_event_at"`
	// Dropped counts events the ring overwrote (no longer readable).
	Dropped uint64 `json:"dropped"`
	// NotificationsDropped counts pushes the session's channel refused; those
	// events are still readable with get_realtime_events.
	NotificationsDropped uint64 `json:"notifications_dropped"`
	Buffered             int    `json:"buffered"`
	// ProtocolRevision is the MCP revision the subscription is served
	// under (the one its subscribe call used); Stateless says it is owned
	// by a principal and ends after the idle TTL rather than with a session.
	ProtocolRevision string `json:"protocol_revision,omitempty"`
	Stateless        bool   `json:"stateless,omitempty"`
}

// Statistics are process-wide counters.
type Statistics struct {
	TotalEvents      uint64            `json:"total_events"`
	EventsByType     map[string]uint64 `json:"events_by_type"`
	DecodeErrors     uint64            `json:"decode_errors"`
	ReconnectCount   uint64            `json:"reconnect_count"`
	ConnectionErrors uint64            `json:"connection_errors"`
	ActorPanics      uint64            `json:"actor_panics"`
	// BookIntegrityErrors counts order books found disagreeing with
	// Polymarket's top of book (each is resynced).
	BookIntegrityErrors uint64 `json:"book_integrity_errors"`
	// HandoffDrops counts events the router dropped for subscriptions
	// that fell too far behind; each such subscription counts them in its
	// own dropped, and its reader sees the hole in the sequence numbers.
	HandoffDrops uint64 `json:"handoff_drops"`
}

// BackgroundTask reports whether the real-time system is running.
type BackgroundTask struct {
	Running bool `json:"running"`
}
