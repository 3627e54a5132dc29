package actors

// recentSet remembers the last n strings it saw.
type recentSet struct {
	ring []string
	next int
	set  map[string]struct{}
}

func newRecentSet(n int) *recentSet {
	return &recentSet{ring: make([]string, 0, n), set: make(map[string]struct{}, n)}
}

// seen reports whether s is among the last n strings, and remembers it.
func (r *recentSet) seen(s string) bool {
	if _, ok := r.set[s]; ok {
		return true
	}
	if len(r.ring) < cap(r.ring) {
		r.ring = append(r.ring, s)
	} else {
		delete(r.set, r.ring[r.next])
		r.ring[r.next] = s
		r.next = (r.next + 1) % len(r.ring)
	}
	r.set[s] = struct{}{}
	return false
}
