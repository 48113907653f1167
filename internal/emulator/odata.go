package emulator

import (
	"encoding/base64"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
)

// ParseUserBind extracts the object id or user principal name from a `user@odata.bind` value.
// Both forms Graph's pages use are accepted: `…/users('<id-or-upn>')` and `…/users/<id-or-upn>`.
// Only the `users…` tail is read: the host stays graph.microsoft.com whatever endpoint is called.
func ParseUserBind(bind string) (string, error) {
	i := strings.LastIndex(bind, "users")
	if i < 0 {
		return "", errors.New("the bind does not name a user")
	}
	if i > 0 && bind[i-1] != '/' {
		return "", errors.New("the bind does not name a user")
	}
	tail := bind[i+len("users"):]
	var key string
	switch {
	case strings.HasPrefix(tail, "('") && strings.HasSuffix(tail, "')") && len(tail) >= 4:
		key = strings.ReplaceAll(tail[2:len(tail)-2], "''", "'")
	case strings.HasPrefix(tail, "/"):
		key = tail[1:]
		if strings.ContainsAny(key, "/?#") {
			return "", errors.New("the bind has more segments after the user")
		}
		unescaped, err := url.PathUnescape(key)
		if err != nil {
			return "", fmt.Errorf("the bind is not a valid URL path: %w", err)
		}
		key = unescaped
	default:
		return "", errors.New("the bind does not name a user")
	}
	if strings.TrimSpace(key) == "" || strings.ContainsAny(key, "()/") {
		return "", errors.New("the bind names an empty or malformed user key")
	}
	return key, nil
}

// chatFilter is a parsed `$filter` for chat lists.
type chatFilter struct {
	topic       *string
	chatType    *string
	memberNames []string
	appIDs      []string
}

var (
	reTopic    = regexp.MustCompile(`(?i)^topic\s+eq\s+'((?:[^']|'')*)'`)
	reChatType = regexp.MustCompile(`(?i)^chatType\s+eq\s+'((?:[^']|'')*)'`)
	reAny      = regexp.MustCompile(`(?i)^members/any\(\s*(\w+)\s*:\s*(\w+)/(\w+)\s+eq\s+'((?:[^']|'')*)'\s*\)`)
	reAppAny   = regexp.MustCompile(`(?i)^installedApps/any\(\s*(\w+)\s*:\s*(\w+)/teamsApp/(\w+)\s+eq\s+'((?:[^']|'')*)'\s*\)`)
	reAnd      = regexp.MustCompile(`(?i)^\s+and\s+`)
)

// parseChatFilter understands `topic eq '…'`, `chatType eq '…'`,
// `members/any(o: o/displayName eq '…')` (the example older versions of chat-list showed) and
// `installedApps/any(a:a/teamsApp/id eq '…')` (chat-list's example 5), joined with `and`. Other
// properties inside the lambdas (a member's userId, an app's externalId or displayName) are not
// documented and are refused.
func parseChatFilter(s string) (*chatFilter, error) {
	f := &chatFilter{}
	rest := strings.TrimSpace(s)
	if rest == "" {
		return nil, errors.New("empty filter")
	}
	for {
		unq := func(v string) string { return strings.ReplaceAll(v, "''", "'") }
		if m := reTopic.FindStringSubmatch(rest); m != nil {
			v := unq(m[1])
			f.topic = &v
			rest = rest[len(m[0]):]
		} else if m := reChatType.FindStringSubmatch(rest); m != nil {
			v := unq(m[1])
			f.chatType = &v
			rest = rest[len(m[0]):]
		} else if m := reAny.FindStringSubmatch(rest); m != nil {
			if m[1] != m[2] {
				return nil, fmt.Errorf("lambda variable %q is not defined", m[2])
			}
			if !strings.EqualFold(m[3], "displayName") {
				return nil, fmt.Errorf("property %q is not supported in a members filter", m[3])
			}
			f.memberNames = append(f.memberNames, unq(m[4]))
			rest = rest[len(m[0]):]
		} else if m := reAppAny.FindStringSubmatch(rest); m != nil {
			if m[1] != m[2] {
				return nil, fmt.Errorf("lambda variable %q is not defined", m[2])
			}
			if !strings.EqualFold(m[3], "id") {
				return nil, fmt.Errorf("property teamsApp/%s is not supported in an installedApps filter", m[3])
			}
			f.appIDs = append(f.appIDs, unq(m[4]))
			rest = rest[len(m[0]):]
		} else {
			return nil, fmt.Errorf("unsupported filter clause near %q", rest)
		}
		if rest == "" {
			return f, nil
		}
		m := reAnd.FindString(rest)
		if m == "" {
			return nil, fmt.Errorf("unsupported filter clause near %q", rest)
		}
		rest = rest[len(m):]
	}
}

func (f *chatFilter) match(c *Chat) bool {
	if f == nil {
		return true
	}
	if f.topic != nil && c.Topic != *f.topic {
		return false
	}
	if f.chatType != nil && !strings.EqualFold(c.ChatType, *f.chatType) {
		return false
	}
	for _, id := range f.appIDs {
		found := false
		for _, in := range c.Apps {
			found = found || strings.EqualFold(in.AppID, id)
		}
		if !found {
			return false
		}
	}
	for _, name := range f.memberNames {
		found := false
		for _, m := range c.Members {
			if strings.EqualFold(m.DisplayName, name) {
				found = true
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// selectKeys applies `$select` to a rendered object; annotations (`@odata.*`) always stay.
func selectKeys(obj map[string]any, sel string) map[string]any {
	if sel == "" {
		return obj
	}
	keep := map[string]bool{}
	for _, k := range strings.Split(sel, ",") {
		keep[strings.ToLower(strings.TrimSpace(k))] = true
	}
	out := map[string]any{}
	for k, v := range obj {
		if strings.HasPrefix(k, "@odata.") || strings.Contains(k, "@odata.") || keep[strings.ToLower(k)] {
			out[k] = v
		}
	}
	return out
}

// decodeSkipToken reads the offset a $skiptoken of the emulator's own next links carries.
func decodeSkipToken(tok string) (int, bool) {
	raw, err := base64.RawURLEncoding.DecodeString(tok)
	if err != nil {
		return 0, false
	}
	n, err := strconv.Atoi(string(raw))
	return n, err == nil && n >= 0
}

// nextLink is the @odata.nextLink for the page starting at offset: the request's URL with a
// $skiptoken (and the extra query options set).
func nextLink(q *request, offset int, set map[string]string) string {
	next := *q.r.URL
	nq := next.Query()
	nq.Set("$skiptoken", base64.RawURLEncoding.EncodeToString([]byte(strconv.Itoa(offset))))
	for k, v := range set {
		nq.Set(k, v)
	}
	return q.baseURL + strings.TrimPrefix(next.Path, "/v1.0") + "?" + nq.Encode()
}
