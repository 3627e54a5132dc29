package actors

// index maps a routing key (a token id, a condition id, a topic) to the
// subscriptions that want it. Routing an event costs one map lookup however
// many unrelated subscriptions exist. The number of subscribers of a key is
// also its upstream reference count: a key is subscribed upstream when its
// first subscriber arrives and dropped when its last one leaves.
type index[V comparable] struct {
	byKey map[string][]V
}

func newIndex[V comparable]() *index[V] {
	return &index[V]{byKey: make(map[string][]V)}
}

// add registers v under key and reports whether key was new (0 → 1).
// Adding the same v twice under a key is a no-op.
func (x *index[V]) add(key string, v V) (first bool) {
	subs := x.byKey[key]
	for _, s := range subs {
		if s == v {
			return false
		}
	}
	x.byKey[key] = append(subs, v)
	return len(subs) == 0
}

// remove unregisters v from key and reports whether key lost its last
// subscriber (1 → 0).
func (x *index[V]) remove(key string, v V) (last bool) {
	subs, ok := x.byKey[key]
	if !ok {
		return false
	}
	for i, s := range subs {
		if s != v {
			continue
		}
		if len(subs) == 1 {
			delete(x.byKey, key)
			return true
		}
		// Copy rather than shift in place: a slice handed out by get may
		// still be iterated by the caller.
		rest := make([]V, 0, len(subs)-1)
		rest = append(rest, subs[:i]...)
		x.byKey[key] = append(rest, subs[i+1:]...)
		return false
	}
	return false
}

// get returns the subscribers of key. The slice must not be modified.
func (x *index[V]) get(key string) []V { return x.byKey[key] }

// count is the number of subscribers of key (its reference count).
func (x *index[V]) count(key string) int { return len(x.byKey[key]) }

// keys is the number of keys with at least one subscriber.
func (x *index[V]) keys() int { return len(x.byKey) }
