package actors

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestIndexReferenceCounts(t *testing.T) {
	x := newIndex[string]()
	assert.True(t, x.add("tok", "s1"), "first subscriber makes the key new")
	assert.False(t, x.add("tok", "s2"), "second subscriber shares it")
	assert.False(t, x.add("tok", "s2"), "duplicate add is a no-op")
	assert.Equal(t, 2, x.count("tok"))
	assert.Equal(t, []string{"s1", "s2"}, x.get("tok"))

	assert.False(t, x.remove("tok", "s1"), "one subscriber left")
	assert.False(t, x.remove("tok", "nobody"), "unknown subscriber")
	assert.False(t, x.remove("other", "s2"), "unknown key")
	assert.True(t, x.remove("tok", "s2"), "last subscriber drops the key")
	assert.Zero(t, x.keys())
	assert.Nil(t, x.get("tok"))
}

func TestIndexRemoveDoesNotDisturbAHeldSlice(t *testing.T) {
	x := newIndex[int]()
	for i := 1; i <= 3; i++ {
		x.add("k", i)
	}
	held := x.get("k")
	x.remove("k", 1)
	assert.Equal(t, []int{1, 2, 3}, held)
	assert.Equal(t, []int{2, 3}, x.get("k"))
}

func TestIndexRoutesOnlyToInterestedKeys(t *testing.T) {
	x := newIndex[int]()
	for i := 0; i < 10000; i++ {
		x.add("unrelated", i)
	}
	x.add("hot", 42)
	assert.Equal(t, []int{42}, x.get("hot"))
	assert.Equal(t, 2, x.keys())
}
