package mcp

import (
	"strings"
	"testing"

	"github.com/anthdm/hollywood/actor"
	"github.com/stretchr/testify/require"
)

// TestToolAnnotationsFollowTheToolFamilies checks the hints a client uses
// to decide what needs the user's approval, by tool family, for every
// registered tool: NewTool's defaults are the specification's pessimistic
// ones (destructive, open world), which are wrong for most of ours.
//
//	get_*          reads a buffer or status: read-only, not destructive, idempotent
//	subscribe_*    starts a stream from Polymarket: not read-only, not destructive, open world
//	unsubscribe_*  drops a subscription: not read-only, idempotent
func TestToolAnnotationsFollowTheToolFamilies(t *testing.T) {
	e, err := actor.NewEngine(actor.NewEngineConfig())
	require.NoError(t, err)
	s := NewServer(Options{Name: "test", Version: "0.0.0"})
	s.Bind(e, actor.NewPID(e.Address(), "system/annotations"))

	for name, st := range s.MCP().ListTools() {
		t.Run(name, func(t *testing.T) {
			a := st.Tool.Annotations
			require.NotNil(t, a.ReadOnlyHint)
			require.NotNil(t, a.DestructiveHint)
			require.NotNil(t, a.IdempotentHint)
			require.NotNil(t, a.OpenWorldHint)
			switch {
			case strings.HasPrefix(name, "get_"):
				require.True(t, *a.ReadOnlyHint, "readOnlyHint")
				require.False(t, *a.DestructiveHint, "destructiveHint")
				require.True(t, *a.IdempotentHint, "idempotentHint")
			case strings.HasPrefix(name, "subscribe_"):
				require.False(t, *a.ReadOnlyHint, "readOnlyHint")
				require.False(t, *a.DestructiveHint, "destructiveHint")
				require.True(t, *a.OpenWorldHint, "openWorldHint: it reaches Polymarket")
			case strings.HasPrefix(name, "unsubscribe_"):
				require.False(t, *a.ReadOnlyHint, "readOnlyHint")
				require.True(t, *a.IdempotentHint, "idempotentHint")
			default:
				t.Fatalf("tool %s belongs to no known family: add its rule here", name)
			}
		})
	}
}
