package emulator

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Fault is an injected failure, scoped to a method and a route.
type Fault struct {
	// Method limits the fault to one HTTP method ("" = any).
	Method string
	// Route limits the fault to one route pattern such as "/chats/{id}/members" ("" = any).
	Route string
	// Status answers with this status (429, 500, 503 or 504) instead of processing the request.
	Status int
	// RetryAfter is sent as the Retry-After header with Status (for example "0.25").
	RetryAfter string
	// Drop processes the request, then closes the connection without answering:
	// the change happened, the client sees a transport error.
	Drop bool
	// Latency is added before the request is handled.
	Latency time.Duration
	// Count makes the fault hit only the next Count matching requests (0 = no count limit).
	Count int
	// Fraction makes the fault hit only this share of matching requests (0 = all of them).
	Fraction float64
	// Skip lets the first Skip matching requests through before the fault starts.
	Skip int
}

func (f *Fault) matches(method, route string) bool {
	return (f.Method == "" || strings.EqualFold(f.Method, method)) && (f.Route == "" || f.Route == route)
}

type faultSet struct {
	mu     sync.Mutex
	faults []*Fault
	lag    time.Duration
	// listLag hides a new chat or tab from list results (not from reads by id) for this long.
	listLag time.Duration
}

func (fs *faultSet) add(f Fault) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	fs.faults = append(fs.faults, &f)
}

func (fs *faultSet) clear() {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	fs.faults = nil
	fs.lag = 0
	fs.listLag = 0
}

// pick returns the faults that fire for this request, consuming counts.
func (fs *faultSet) pick(method, route string) (latency time.Duration, status *Fault, drop bool) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	kept := fs.faults[:0]
	for _, f := range fs.faults {
		fire := f.matches(method, route) && (f.Fraction <= 0 || rand.Float64() < f.Fraction)
		if fire && f.Skip > 0 {
			f.Skip--
			fire = false
		}
		if fire {
			switch {
			case f.Latency > 0:
				latency += f.Latency
			case f.Status != 0:
				if status == nil {
					status = f
				} else {
					fire = false
				}
			case f.Drop:
				drop = true
			}
		}
		if fire && f.Count > 0 {
			f.Count--
			if f.Count == 0 {
				continue
			}
		}
		kept = append(kept, f)
	}
	fs.faults = kept
	return latency, status, drop
}

// FaultKey is one key of the command line form of a fault (ParseFault), for help texts: the
// parser and the help are made from the same list.
type FaultKey struct {
	// Key is the key as written; Value names its value ("" for a key without one, such as drop).
	Key, Value string
	// Help says what the key does.
	Help  string
	parse func(f *Fault, v string) error
}

// faultKeys is every key ParseFault accepts, in the order help texts list them.
var faultKeys = []FaultKey{
	{"status", "429|500|503|504", "answer with this status instead of handling the request", func(f *Fault, v string) (err error) {
		f.Status, err = strconv.Atoi(v)
		if err == nil && f.Status != 429 && f.Status != 500 && f.Status != 503 && f.Status != 504 {
			err = fmt.Errorf("status must be 429, 500, 503 or 504")
		}
		return err
	}},
	{"retry-after", "SECONDS", "send this Retry-After with status (fractions allowed, e.g. 0.5)", func(f *Fault, v string) error {
		if _, perr := strconv.ParseFloat(v, 64); perr != nil {
			if _, derr := time.Parse(time.RFC1123, v); derr != nil {
				return fmt.Errorf("retry-after %q is neither seconds nor an HTTP date", v)
			}
		}
		f.RetryAfter = v
		return nil
	}},
	{"drop", "", "handle the request, then close the connection unanswered (the change happened)", func(f *Fault, _ string) error {
		f.Drop = true
		return nil
	}},
	{"latency", "DURATION", "wait this long (e.g. 200ms) before handling the request", func(f *Fault, v string) (err error) {
		f.Latency, err = time.ParseDuration(v)
		return err
	}},
	{"method", "METHOD", "only requests of this HTTP method (any case)", func(f *Fault, v string) error {
		f.Method = strings.ToUpper(v)
		return nil
	}},
	{"route", "ROUTE", "only this route of the Graph path after /v1.0, ids written {id}, e.g. /chats/{id}/members", func(f *Fault, v string) error {
		f.Route = v
		return nil
	}},
	{"count", "N", "hit only the next N matching requests, then go away (0: no limit)", func(f *Fault, v string) (err error) {
		f.Count, err = strconv.Atoi(v)
		if err == nil && f.Count < 0 {
			err = fmt.Errorf("count must not be negative")
		}
		return err
	}},
	{"skip", "N", "let the first N matching requests through before the fault starts", func(f *Fault, v string) (err error) {
		f.Skip, err = strconv.Atoi(v)
		if err == nil && f.Skip < 0 {
			err = fmt.Errorf("skip must not be negative")
		}
		return err
	}},
	{"fraction", "F", "hit only this share (0 to 1) of matching requests, at random", func(f *Fault, v string) (err error) {
		f.Fraction, err = strconv.ParseFloat(v, 64)
		if err == nil && (f.Fraction < 0 || f.Fraction > 1) {
			err = fmt.Errorf("fraction must be between 0 and 1")
		}
		return err
	}},
}

// FaultKeys returns every key ParseFault accepts, in the order help texts list them.
func FaultKeys() []FaultKey { return append([]FaultKey(nil), faultKeys...) }

// ParseFault reads the command line form of a fault: comma-separated key=value pairs (FaultKeys),
// for example "status=429,retry-after=1.5,method=POST,route=/chats,count=3", "drop,route=/chats,count=1",
// "status=500,route=/chats/{id}/members,skip=1,count=1" or "latency=200ms,fraction=0.5". It needs
// one of status, drop or latency.
func ParseFault(spec string) (Fault, error) {
	var f Fault
	if strings.TrimSpace(spec) == "" {
		return f, fmt.Errorf("empty fault")
	}
	for _, part := range strings.Split(spec, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
		err := fmt.Errorf("unknown key (want one of %s)", faultKeyNames())
		for _, key := range faultKeys {
			if strings.EqualFold(k, key.Key) {
				err = key.parse(&f, v)
				break
			}
		}
		if err != nil {
			return Fault{}, fmt.Errorf("fault %q: %s: %w", spec, k, err)
		}
	}
	if f.Status == 0 && !f.Drop && f.Latency == 0 {
		return Fault{}, fmt.Errorf("fault %q: needs status, drop or latency", spec)
	}
	return f, nil
}

func faultKeyNames() string {
	names := make([]string, len(faultKeys))
	for i, k := range faultKeys {
		names[i] = k.Key
	}
	return strings.Join(names, ", ")
}
