package graph

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
)

// maxRequestBody bounds what lengthTransport buffers. Chat, member and tab bodies are a few KB;
// a larger body is a bug, refused before it leaves the machine.
const maxRequestBody = 4 << 20

// lengthTransport gives every request a known length. kiota's adapter hands net/http a body whose
// length it cannot see, and net/http then sends it with `Transfer-Encoding: chunked` and no
// Content-Length; Graph's front end is reported to answer 411 or to read such a body as empty.
// msgraph-sdk-go's compression handler happens to set the length, but the provider leaves
// compression off, so the length is set here, once, for every request: the body is read into
// memory, ContentLength is set (0 for a POST or PATCH without a body, which net/http then sends as
// `Content-Length: 0`), and GetBody lets every retry resend the same bytes with the same length.
type lengthTransport struct {
	next http.RoundTripper
}

func (t *lengthTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body == nil || req.Body == http.NoBody || (req.ContentLength > 0 && req.GetBody != nil) {
		return t.next.RoundTrip(req)
	}
	data, err := io.ReadAll(io.LimitReader(req.Body, maxRequestBody+1))
	_ = req.Body.Close()
	if err != nil {
		return nil, fmt.Errorf("reading the request body: %w", err)
	}
	if len(data) > maxRequestBody {
		return nil, fmt.Errorf("the request body is larger than %d bytes", maxRequestBody)
	}
	out := req.Clone(req.Context())
	out.TransferEncoding = nil
	out.ContentLength = int64(len(data))
	if len(data) == 0 {
		out.Body, out.GetBody = http.NoBody, func() (io.ReadCloser, error) { return http.NoBody, nil }
		return t.next.RoundTrip(out)
	}
	out.Body = io.NopCloser(bytes.NewReader(data))
	out.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }
	return t.next.RoundTrip(out)
}
