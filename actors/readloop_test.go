package actors

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
	"github.com/polymarket-mcp/polymarket-mcp/testutil"
)

// drain returns every message queued on p right now.
func drain(p *probe) []any {
	var out []any
	for {
		select {
		case m := <-p.ch:
			out = append(out, m)
		default:
			return out
		}
	}
}

func ofType[T any](msgs []any) []T {
	var out []T
	for _, m := range msgs {
		if v, ok := m.(T); ok {
			out = append(out, v)
		}
	}
	return out
}

func TestReaderSendsDataToTheRouterAndOnlyWhatTheConnectionActsOn(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEngine(t)
		conn, router := spawnProbe(t, e, "conn"), spawnProbe(t, e, "router")
		fc, err := testutil.NewFakeDialer().Dial(context.Background(), "ws://fake/ws/market")
		require.NoError(t, err)
		go reader{engine: e, conn: conn.pid, router: router.pid, endpoint: "market", gen: 3,
			seenEvery: time.Second, decode: (&marketProtocol{}).decode}.run(fc)

		trade := `{"event_type":"last_trade_price","market":"` + mkt + `","asset_id":"` + tokA + `","price":"0.5","size":"1","side":"BUY","timestamp":"1"}`
		for range 50 {
			fc.PushText(trade)
		}
		fc.PushText("PONG")
		fc.PushText("INVALID OPERATION")
		synctest.Wait()

		frames := ofType[connFrame](drain(router))
		require.Len(t, frames, 50, "every data frame goes to the router")
		assert.Equal(t, uint64(3), frames[0].gen)
		assert.Equal(t, "market", frames[0].endpoint)

		notes := ofType[decodedFrame](drain(conn))
		require.Len(t, notes, 3, "the connection hears: the first data frame, the PONG, the decode error")
		assert.True(t, notes[0].data, "the first data frame is reported at once (it confirms an authenticated socket)")
		assert.True(t, notes[1].pong)
		assert.Error(t, notes[2].err)

		time.Sleep(time.Second)
		fc.PushText(trade)
		fc.PushText(trade)
		synctest.Wait()
		notes = ofType[decodedFrame](drain(conn))
		require.Len(t, notes, 1, "a second later: one data-seen note for two frames")
		assert.True(t, notes[0].data)
		assert.Len(t, ofType[connFrame](drain(router)), 2)

		fc.Drop(errors.New("gone"))
		synctest.Wait()
		lost := ofType[connLost](drain(conn))
		require.Len(t, lost, 1, "the read error ends the loop, reported once")
		assert.Equal(t, uint64(3), lost[0].gen)
	})
}

func TestRouterDropsFramesOfASocketWhoseLossItAnnounced(t *testing.T) {
	f := newRouterFixture(t, nil, 10)
	id := f.subscribe(t, "a", tokA)
	f.e.Send(f.router, tradeFrame(1, "0.41"))
	f.e.Send(f.router, connGap{endpoint: "market", gen: 1, reason: "connection lost: EOF", keys: []string{tokA}})
	f.e.Send(f.router, tradeFrame(1, "0.42")) // read by socket 1 before it noticed its end
	f.e.Send(f.router, tradeFrame(2, "0.43")) // the next socket

	var got []string
	for _, ev := range f.events(t, "a", id, 0).Events {
		got = append(got, ev.Type+" "+ev.Price)
	}
	assert.Equal(t, []string{"last_trade_price 0.41", "gap ", "last_trade_price 0.43"}, got)
}

func TestRouterDropsFramesOfASocketClosedWithoutAGap(t *testing.T) {
	f := newRouterFixture(t, nil, 10)
	id := f.subscribe(t, "a", tokA)
	// Socket 2 closed (say, after its linger) and socket 3 is dialling.
	f.e.Send(f.router, connStatus{status: messages.ConnectionStatus{Endpoint: "market", State: messages.StateConnecting}, validFrom: 3})
	f.e.Send(f.router, tradeFrame(2, "0.41"))
	f.e.Send(f.router, tradeFrame(3, "0.42"))

	events := f.events(t, "a", id, 0).Events
	require.Len(t, events, 1)
	assert.Equal(t, "0.42", events[0].Price)
}

// tradeFrame is a last_trade_price frame on tokA read by socket gen.
func tradeFrame(gen uint64, price string) connFrame {
	fr := marketFrame(time.Unix(1, 0), messages.LastTradePriceEvent{Market: mkt, AssetID: tokA, Price: price, Size: "1", Side: "BUY", Timestamp: "1"})
	fr.gen = gen
	return fr
}

// TestReaderSurvivesADecoderPanic: a decoder that panics costs its frame,
// counted as a decode error and as a panic; the socket keeps being read.
func TestReaderSurvivesADecoderPanic(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEngine(t)
		conn, router := spawnProbe(t, e, "conn"), spawnProbe(t, e, "router")
		fc, err := testutil.NewFakeDialer().Dial(context.Background(), "ws://fake/ws/market")
		require.NoError(t, err)
		market := (&marketProtocol{}).decode
		decode := func(data []byte) frameResult {
			if string(data) == "boom" {
				var nilMap map[string]int
				nilMap["x"]++ // a decoder bug: assignment to a nil map
			}
			return market(data)
		}
		go reader{engine: e, conn: conn.pid, router: router.pid, endpoint: "market", gen: 1,
			seenEvery: time.Second, decode: decode}.run(fc)

		trade := `{"event_type":"last_trade_price","market":"` + mkt + `","asset_id":"` + tokA + `","price":"0.5","size":"1","side":"BUY","timestamp":"1"}`
		fc.PushText("boom")
		fc.PushText(trade)
		synctest.Wait()

		notes := ofType[decodedFrame](drain(conn))
		require.NotEmpty(t, notes)
		require.ErrorIs(t, notes[0].err, errDecoderPanic)
		assert.Contains(t, notes[0].err.Error(), "nil map")
		routed := drain(router)
		panics := ofType[actorPanicked](routed)
		require.Len(t, panics, 1, "counted with the actors' panics")
		assert.Equal(t, "reader/market", panics[0].pid)
		assert.Len(t, ofType[connFrame](routed), 1, "the next frame is still read and routed")

		fc.Drop(errors.New("gone"))
		synctest.Wait()
		assert.Len(t, ofType[connLost](drain(conn)), 1, "the loop ran until the socket's own end")
	})
}
