package testutil

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package when any test leaves a goroutine behind: the
// fake server must wait for every socket handler, and the fake conn and
// dialer must start none.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }
