package main

import (
	"context"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

// stdioServer is the built binary serving MCP on stdio: the test writes
// JSON-RPC to stdin and reads it from stdout; stderr (the logs) is kept.
type stdioServer struct {
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	stdout io.ReadCloser
	stderr *syncBuffer
}

// startStdioServer starts bin with args, the test's environment plus env.
// If the test fails (or SHOW_STDERR is set) the server's stderr goes to
// the test log; a server the test did not wait for is killed.
func startStdioServer(t *testing.T, ctx context.Context, bin string, env []string, args ...string) *stdioServer {
	t.Helper()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = append(os.Environ(), env...)
	s := &stdioServer{cmd: cmd, stderr: &syncBuffer{}}
	cmd.Stderr = s.stderr
	var err error
	s.stdin, err = cmd.StdinPipe()
	require.NoError(t, err)
	s.stdout, err = cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	t.Cleanup(func() {
		if cmd.ProcessState == nil { // the test ended before waiting for it
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		}
		if t.Failed() || os.Getenv("SHOW_STDERR") != "" {
			t.Logf("server stderr:\n%s", s.stderr.String())
		}
	})
	return s
}

// syncBuffer is a strings.Builder safe for the process's writer
// goroutine and the test reading it.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
