package actors

import (
	"crypto/rand"
	"slices"
	"strconv"
	"strings"
	"time"
)

// registry is every live subscription, by id, and what each session holds
// (for the limits).
type registry struct {
	byID  map[string]*subEntry
	last  uint64
	usage sessionUsage
}

func newRegistry() registry { return registry{byID: make(map[string]*subEntry)} }

// nextID names the next subscription: sub-1, sub-2, … for a session's,
// whose ids are checked against the session; an unguessable id (130
// random bits) for a stateless one, which outlives any connection and is
// addressed by its id alone.
func (g *registry) nextID(stateless bool) string {
	if stateless {
		return "sub-" + rand.Text()
	}
	g.last++
	return "sub-" + strconv.FormatUint(g.last, 10)
}

func (g *registry) add(s *subEntry) {
	g.byID[s.id] = s
	g.usage.add(s)
}

func (g *registry) remove(s *subEntry) {
	delete(g.byID, s.id)
	g.usage.remove(s)
}

// owned finds a subscription of session. Another session's subscription is
// reported exactly like a missing one.
func (g *registry) owned(session, id string) (*subEntry, bool) {
	s, ok := g.byID[id]
	if !ok || s.session != session {
		return nil, false
	}
	return s, true
}

// touch marks the owner's listed subscriptions as used at now.
func (g *registry) touch(session string, ids []string, now time.Time) {
	for _, id := range ids {
		if s, ok := g.owned(session, id); ok {
			s.lastUsed = now
		}
	}
}

// ofSession lists a session's subscriptions in creation order.
func (g *registry) ofSession(session string) []*subEntry {
	var out []*subEntry
	for _, s := range g.byID {
		if s.session == session {
			out = append(out, s)
		}
	}
	slices.SortFunc(out, func(a, b *subEntry) int { return compareSubIDs(a.id, b.id) })
	return out
}

// compareSubIDs orders subscription ids by creation: sub-9 before sub-10.
func compareSubIDs(a, b string) int {
	if len(a) != len(b) {
		return len(a) - len(b)
	}
	return strings.Compare(a, b)
}
