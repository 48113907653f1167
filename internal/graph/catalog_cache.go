package graph

import (
	"context"
	"strings"
	"sync"
	"time"
)

// definitionTTL is how long an app's current catalog definition is reused. A provider process
// lives for one plan or apply: installing one app in a hundred chats then reads the catalog once,
// not a hundred times. A catalog that changes within the minute is caught by Graph itself: an
// install whose consent no longer matches the app's permissions is refused, and InstallApp then
// reads the catalog again and retries once.
const definitionTTL = time.Minute

// definitionCache holds the apps' current definitions, each read once however many installs ask
// for it at the same time. Errors are not kept. The zero value is ready to use.
type definitionCache struct {
	mu      sync.Mutex
	entries map[string]*definitionEntry
}

type definitionEntry struct {
	ready chan struct{} // closed once the read is done
	at    time.Time
	def   AppDefinition
	found bool
	err   error
}

// get returns the app's definition, reading it with read when none younger than definitionTTL is
// kept (or being read).
func (dc *definitionCache) get(ctx context.Context, appID string, read func(context.Context) (AppDefinition, bool, error)) (AppDefinition, bool, error) {
	key := strings.ToLower(appID)
	dc.mu.Lock()
	if dc.entries == nil {
		dc.entries = map[string]*definitionEntry{}
	}
	e, ok := dc.entries[key]
	if ok && !e.at.IsZero() && time.Since(e.at) > definitionTTL {
		ok = false
	}
	if ok {
		dc.mu.Unlock()
		select {
		case <-e.ready:
		case <-ctx.Done():
			return AppDefinition{}, false, ctx.Err()
		}
		if e.err == nil {
			return e.def, e.found, nil
		}
		return read(ctx) // the shared read failed: this caller tries on its own
	}
	e = &definitionEntry{ready: make(chan struct{})}
	dc.entries[key] = e
	dc.mu.Unlock()

	e.def, e.found, e.err = read(ctx)
	dc.mu.Lock()
	if e.err != nil {
		delete(dc.entries, key)
	} else {
		e.at = time.Now()
	}
	dc.mu.Unlock()
	close(e.ready)
	return e.def, e.found, e.err
}

// forget drops the app's definition, so that the next get reads the catalog.
func (dc *definitionCache) forget(appID string) {
	dc.mu.Lock()
	delete(dc.entries, strings.ToLower(appID))
	dc.mu.Unlock()
}
