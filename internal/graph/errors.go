package graph

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"

	abstractions "github.com/microsoft/kiota-abstractions-go"
	"github.com/microsoftgraph/msgraph-sdk-go/models/odataerrors"
)

// APIError is a Graph error response.
type APIError struct {
	Status  int
	Code    string
	Message string
	// RequestID is Graph's request-id, to quote to Microsoft support.
	RequestID string
}

func (e *APIError) Error() string {
	msg := fmt.Sprintf("Microsoft Graph answered HTTP %d", e.Status)
	if e.Code != "" {
		msg += " " + e.Code
	}
	if e.Message != "" {
		msg += ": " + e.Message
	}
	if e.RequestID != "" {
		msg += " (request-id " + e.RequestID + ")"
	}
	return msg
}

// NotFoundError: the object does not exist (or no longer does).
type NotFoundError struct{ *APIError }

// ForbiddenError: the caller lacks a permission; Permission names the one needed when known.
type ForbiddenError struct {
	*APIError
	Permission string
}

func (e *ForbiddenError) Error() string {
	if e.Permission == "" {
		return e.APIError.Error()
	}
	return e.APIError.Error() + ". The operation needs the Microsoft Graph permission " + e.Permission
}

// UnauthorizedError: Graph did not accept the credentials (HTTP 401).
type UnauthorizedError struct{ *APIError }

func (e *UnauthorizedError) Error() string {
	return e.APIError.Error() + ". Check the provider's credentials (tenant_id, client_id and the secret, certificate, token or identity in use) and that they are for the chosen environment"
}

// BadRequestError: Graph refused the request's content; Message says why.
type BadRequestError struct{ *APIError }

// ThrottledError: Graph kept throttling until the operation's time ran out.
type ThrottledError struct {
	*APIError
	Attempts   int
	RetryAfter string
}

func (e *ThrottledError) Error() string {
	s := fmt.Sprintf("Microsoft Graph is throttling requests (HTTP %d", e.Status)
	if e.RetryAfter != "" {
		s += ", Retry-After " + e.RetryAfter + "s"
	}
	s += fmt.Sprintf(") and the operation's timeout was reached after %d attempt(s); retry later or raise the timeout in the resource's timeouts block", e.Attempts)
	return s
}

// UncertainError: a request that is not safe to resend failed without a clear answer (a 5xx,
// a timeout or a dropped connection): the write may or may not have happened.
type UncertainError struct{ Err error }

func (e *UncertainError) Error() string {
	return "the request failed without a clear answer from Microsoft Graph, so the change may or may not have been made: " + e.Err.Error()
}

func (e *UncertainError) Unwrap() error { return e.Err }

// LookupFailedError: a group chat create failed without a clear answer, and looking for the chat
// it may have made failed too. The chat may exist in Teams without being in state.
type LookupFailedError struct {
	Create, Lookup error
	Topic          string
	// Where is the list the look-up read (GET /me/chats or GET /users/{id}/chats).
	Where string
	// Permission is the least permission the look-up needs, for the kind of caller in use.
	Permission string
}

func (e *LookupFailedError) Error() string {
	filter := "$filter=" + *ChatFilter{ChatType: ChatTypeGroup, Topic: e.Topic}.odata()
	return fmt.Sprintf("a chat may have been created: %v. Looking for it failed: %v. Before applying again, which could create a second chat, "+
		"look for it in Teams or with GET %s?%s&$expand=members; if it is there, bring it under Terraform with terraform import "+
		"(this resource's address and the chat id) or an import block. Looking for the chat needs the Microsoft Graph permission %s",
		e.Create, e.Lookup, e.Where, filter, e.Permission)
}

func (e *LookupFailedError) Unwrap() []error { return []error{e.Create, e.Lookup} }

// IsLookupFailed reports whether err says a chat may exist that nothing could find.
func IsLookupFailed(err error) bool {
	var le *LookupFailedError
	return errors.As(err, &le)
}

// IsNotFound reports whether err means the object does not exist.
func IsNotFound(err error) bool {
	var nf *NotFoundError
	return errors.As(err, &nf)
}

// IsForbidden reports whether err is a permission error.
func IsForbidden(err error) bool {
	var fe *ForbiddenError
	return errors.As(err, &fe)
}

// IsUncertain reports whether err leaves the outcome of a write unknown.
func IsUncertain(err error) bool {
	var ue *UncertainError
	return errors.As(err, &ue)
}

// callState follows one operation's attempts so that errors can say what happened.
type callState struct {
	mu         sync.Mutex
	attempts   int
	lastStatus int
	retryAfter string
}

type callStateKey struct{}

func withCallState(ctx context.Context) (context.Context, *callState) {
	cs := &callState{}
	return context.WithValue(ctx, callStateKey{}, cs), cs
}

func recordAttempt(ctx context.Context, resp *http.Response) {
	cs, _ := ctx.Value(callStateKey{}).(*callState)
	if cs == nil {
		return
	}
	cs.mu.Lock()
	defer cs.mu.Unlock()
	cs.attempts++
	if resp != nil {
		cs.lastStatus = resp.StatusCode
		cs.retryAfter = resp.Header.Get("Retry-After")
	} else {
		cs.lastStatus = 0
	}
}

// mapError turns what the SDK returned into the typed errors above. permission names the Graph
// permission the operation needs, for a 403.
func mapError(ctx context.Context, cs *callState, err error, permission string) error {
	if err == nil {
		return nil
	}
	var ge *APIError
	var odata *odataerrors.ODataError
	var api *abstractions.ApiError
	switch {
	case errors.As(err, &odata):
		ge = &APIError{Status: odata.ResponseStatusCode}
		if main := odata.GetErrorEscaped(); main != nil {
			if c := main.GetCode(); c != nil {
				ge.Code = *c
			}
			if m := main.GetMessage(); m != nil {
				ge.Message = *m
			}
			if inner := main.GetInnerError(); inner != nil {
				if id := inner.GetRequestId(); id != nil {
					ge.RequestID = *id
				}
			}
		}
	case errors.As(err, &api):
		ge = &APIError{Status: api.ResponseStatusCode, Message: strings.TrimSpace(api.Message)}
	}
	if ge == nil {
		cs.mu.Lock()
		attempts, last, ra := cs.attempts, cs.lastStatus, cs.retryAfter
		cs.mu.Unlock()
		if ctx.Err() != nil && last == http.StatusTooManyRequests {
			return &ThrottledError{APIError: &APIError{Status: last, Code: "TooManyRequests"}, Attempts: attempts, RetryAfter: ra}
		}
		if ctx.Err() == nil && noResend(ctx) {
			return &UncertainError{Err: err}
		}
		if ctx.Err() != nil {
			return fmt.Errorf("%w (last Graph answer: HTTP %d after %d attempt(s))", err, last, attempts)
		}
		return err
	}
	switch {
	case ge.Status == http.StatusNotFound:
		return &NotFoundError{APIError: ge}
	case ge.Status == http.StatusUnauthorized:
		return &UnauthorizedError{APIError: ge}
	case ge.Status == http.StatusForbidden:
		return &ForbiddenError{APIError: ge, Permission: permission}
	case ge.Status == http.StatusTooManyRequests:
		cs.mu.Lock()
		attempts, ra := cs.attempts, cs.retryAfter
		cs.mu.Unlock()
		return &ThrottledError{APIError: ge, Attempts: attempts, RetryAfter: ra}
	case ge.Status >= 500 && noResend(ctx):
		return &UncertainError{Err: ge}
	case ge.Status >= 400 && ge.Status < 500:
		return &BadRequestError{APIError: ge}
	}
	return ge
}
