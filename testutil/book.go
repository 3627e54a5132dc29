package testutil

import (
	"fmt"
	"slices"

	"github.com/polymarket-mcp/polymarket-mcp/messages"
)

// Order sides as Polymarket spells them: BUY is the bid side of a book, SELL
// the ask side.
const (
	SideBuy  = "BUY"
	SideSell = "SELL"
)

// orderBook is one token's aggregated book. Levels are keyed by the
// canonical spelling of their price, so "0.5" and "0.50" are one level; the
// stored Level keeps the spelling last sent.
type orderBook struct {
	bids map[string]bookLevel
	asks map[string]bookLevel
}

type bookLevel struct {
	level messages.Level
	price decimal
}

func newOrderBook() *orderBook {
	return &orderBook{bids: map[string]bookLevel{}, asks: map[string]bookLevel{}}
}

// replace swaps in whole sides; a level of size zero is left out.
func (b *orderBook) replace(bids, asks []messages.Level) error {
	nb := newOrderBook()
	for _, l := range bids {
		if err := nb.set(SideBuy, l.Price, l.Size); err != nil {
			return err
		}
	}
	for _, l := range asks {
		if err := nb.set(SideSell, l.Price, l.Size); err != nil {
			return err
		}
	}
	*b = *nb
	return nil
}

// set makes size the new total at price on side, as a price_change entry
// does; a zero size removes the level.
func (b *orderBook) set(side, price, size string) error {
	p, err := parseDecimal(price)
	if err != nil {
		return err
	}
	s, err := parseDecimal(size)
	if err != nil {
		return err
	}
	levels, err := b.side(side)
	if err != nil {
		return err
	}
	key := p.canonical()
	if s.unscaled.Sign() == 0 {
		delete(levels, key)
		return nil
	}
	levels[key] = bookLevel{level: messages.Level{Price: price, Size: size}, price: p}
	return nil
}

func (b *orderBook) side(side string) (map[string]bookLevel, error) {
	switch side {
	case SideBuy:
		return b.bids, nil
	case SideSell:
		return b.asks, nil
	}
	return nil, fmt.Errorf("testutil: side %q is neither %s nor %s", side, SideBuy, SideSell)
}

// wireLevels returns both sides in live wire order: worst first, so bids
// ascend and asks descend and the best level of each side comes last.
// Neither slice is nil, so both marshal as [] when empty.
func (b *orderBook) wireLevels() (bids, asks []messages.Level) {
	return sortedLevels(b.bids, 1), sortedLevels(b.asks, -1)
}

func sortedLevels(m map[string]bookLevel, dir int) []messages.Level {
	ls := make([]bookLevel, 0, len(m))
	for _, l := range m {
		ls = append(ls, l)
	}
	slices.SortFunc(ls, func(a, b bookLevel) int { return dir * a.price.cmp(b.price) })
	out := make([]messages.Level, len(ls))
	for i, l := range ls {
		out[i] = l.level
	}
	return out
}

// best returns the top of the book, "" for an empty side (as the wire does).
func (b *orderBook) best() (bid, ask string) {
	bids, asks := b.wireLevels()
	if len(bids) > 0 {
		bid = bids[len(bids)-1].Price
	}
	if len(asks) > 0 {
		ask = asks[len(asks)-1].Price
	}
	return bid, ask
}

// mirrorLevels maps levels of one token onto the sibling token's opposite
// side: price 1−p, same size.
func mirrorLevels(levels []messages.Level) ([]messages.Level, error) {
	out := make([]messages.Level, 0, len(levels))
	for _, l := range levels {
		p, err := complementPrice(l.Price)
		if err != nil {
			return nil, err
		}
		out = append(out, messages.Level{Price: p, Size: l.Size})
	}
	return out, nil
}

// oppositeSide returns the side a mirrored level lands on.
func oppositeSide(side string) string {
	if side == SideBuy {
		return SideSell
	}
	return SideBuy
}
