package graph

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// ListConsistencyWindow is how long the provider keeps looking for what a create that failed
// without an answer may have made (a group chat in the member's chat list, a tab in the chat's
// tabs) before it concludes that nothing was made and sends the create again.
//
// Graph's lists are eventually consistent: a chat can be read by its id before the chat lists show
// it. Microsoft publishes no bound for the delay. 30 seconds is many times the delays reported
// (seconds), short enough to sit well inside the create timeout (10 minutes by default: the resend
// and its own retries still fit), and long enough that a resend is rare; it is shortened by the
// create timeout when less time is left, and then nothing is resent.
const ListConsistencyWindow = 30 * time.Second

// lookAgainFirst and lookAgainMost pace the look-ups inside the window: one at once, then after
// 1, 2, 4, 8, 8… seconds (about six requests in 30 seconds).
const (
	lookAgainFirst = time.Second
	lookAgainMost  = 8 * time.Second
)

// window is the consistency window of this client (tests shorten it).
func (c *Client) window() time.Duration {
	if c.consistencyWindow > 0 {
		return c.consistencyWindow
	}
	return ListConsistencyWindow
}

// lookUntilSeen calls look at once and again, paced, until it finds what it looks for, fails, or
// the consistency window passes. It returns whether it was found; errWindowCut when the context
// ended before the window did (nothing may then be resent: the thing may still appear).
func (c *Client) lookUntilSeen(ctx context.Context, what string, look func(context.Context) (bool, error)) (bool, error) {
	end := time.Now().Add(c.window())
	pause := lookAgainFirst
	for tries := 1; ; tries++ {
		found, err := look(ctx)
		if err != nil || found {
			if found && tries > 1 {
				tflog.Info(ctx, "Found what an unanswered create made, after the list caught up", map[string]any{"what": what, "look_ups": tries})
			}
			return found, err
		}
		left := time.Until(end)
		if left <= 0 {
			return false, nil
		}
		if sleepCtx(ctx, min(pause, left)) != nil {
			return false, errWindowCut
		}
		pause = min(pause*2, lookAgainMost)
	}
}

// errWindowCut: the create's context ended inside the consistency window.
var errWindowCut = context.DeadlineExceeded

// warnResend logs, at warning level, that a create is sent again after the window.
func warnResend(ctx context.Context, what string, window time.Duration) {
	tflog.Warn(ctx, "A create failed without an answer and nothing it made was found within the list consistency window: sending it again", map[string]any{"what": what, "window": window.String()})
}
