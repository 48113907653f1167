package graph

import (
	"context"
	"fmt"
	"time"
)

// WaitForChat reads a chat until it is visible: Graph may answer 404 for a moment after a write.
// It polls with a growing interval until the context ends.
func (c *Client) WaitForChat(ctx context.Context, id string) (Chat, error) {
	interval := 250 * time.Millisecond
	for {
		chat, err := c.GetChat(ctx, id)
		if err == nil || !IsNotFound(err) {
			return chat, err
		}
		if err := sleepCtx(ctx, interval); err != nil {
			return Chat{}, fmt.Errorf("the new chat still answers 404 (not found): %w", err)
		}
		if interval < 4*time.Second {
			interval *= 2
		}
	}
}

// sleepCtx waits for d, or until ctx ends (then it returns ctx's error).
func sleepCtx(ctx context.Context, d time.Duration) error {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}
