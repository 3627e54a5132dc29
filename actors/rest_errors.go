package actors

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"syscall"
)

// transportError says in plain words why an HTTP request to Polymarket
// never got an answer. Tool errors carry it to the agent, so it names
// neither the request URL (ours, with its query) nor the machine's own
// network details (a DNS error names the local resolver's address).
func transportError(err error) error {
	var dnsErr *net.DNSError
	switch {
	case errors.Is(err, context.DeadlineExceeded) || isTimeout(err):
		return errors.New("the request timed out")
	case errors.Is(err, context.Canceled):
		return errors.New("the request was cancelled")
	case errors.As(err, &dnsErr):
		return fmt.Errorf("the host %s could not be resolved", dnsErr.Name)
	case errors.Is(err, syscall.ECONNREFUSED):
		return errors.New("the connection was refused")
	case errors.Is(err, syscall.ECONNRESET):
		return errors.New("the connection was reset")
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	var opErr *net.OpError
	if errors.As(err, &opErr) {
		// "dial tcp 10.0.0.1:443: …" names addresses; keep the cause only.
		return opErr.Err
	}
	return err
}

func isTimeout(err error) bool {
	var t interface{ Timeout() bool }
	return errors.As(err, &t) && t.Timeout()
}
