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
		timer := time.NewTimer(interval)
		select {
		case <-ctx.Done():
			timer.Stop()
			return Chat{}, fmt.Errorf("the new chat still answers 404 (not found): %w", ctx.Err())
		case <-timer.C:
		}
		if interval < 4*time.Second {
			interval *= 2
		}
	}
}
