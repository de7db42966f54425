// Package fetch reads documents over HTTP for winnow, politely and safely:
//
//   - a User-Agent naming winnow, connect and total timeouts;
//   - a cap on the body size, counted after gzip decompression so a small
//     compressed "bomb" cannot fill memory;
//   - at most MaxRedirects redirects, each re-checked;
//   - conditional GET (If-None-Match, If-Modified-Since);
//   - robots.txt obeyed (RFC 9309), cached per host;
//   - per-host politeness: limited concurrency and a delay between requests,
//     shared with other processes through Options.Gate when set;
//   - an SSRF guard refusing loopback, private, link-local and cloud
//     metadata addresses, checked on the address actually dialled, after DNS
//     resolution and at every redirect, unless AllowPrivate is set;
//   - text bodies decoded to UTF-8 from their declared or detected charset.
//
// Environment proxies are ignored: through a proxy the guard would only see
// the proxy's address.
package fetch

import (
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Defaults for the zero Options.
const (
	DefaultUserAgent      = "winnow/0.1 (threat-intelligence reader; +https://github.com/winnow-cti/winnow)"
	DefaultConnectTimeout = 10 * time.Second
	DefaultTimeout        = 30 * time.Second
	DefaultMaxBytes       = 10 << 20
	DefaultMaxRedirects   = 5
	DefaultPerHost        = 2
	DefaultHostDelay      = time.Second
	DefaultRobotsTTL      = time.Hour
	// maxCrawlDelay caps a robots.txt Crawl-delay, so one host cannot stall
	// a pass.
	maxCrawlDelay = 30 * time.Second
)

// Options configure a Client. Zero fields take the defaults above.
type Options struct {
	UserAgent      string
	ConnectTimeout time.Duration // dialing, and the TLS handshake
	Timeout        time.Duration // the whole request, body included
	MaxBytes       int64         // largest body, after decompression
	MaxRedirects   int           // negative: follow none
	// AllowPrivate lets requests reach loopback, private and link-local
	// addresses: for intranet feeds and tests.
	AllowPrivate bool
	PerHost      int           // requests in flight to one host
	HostDelay    time.Duration // between the starts of two requests to one host; negative: none
	IgnoreRobots bool
	RobotsTTL    time.Duration
	// Gate, when set, spaces the starts of requests to a host together
	// with every other client using the same gate, such as workers in
	// other processes sharing a store. The client then keeps only its
	// per-host concurrency limit (PerHost) in memory and takes each
	// request's start slot from the gate; see HostGate.
	Gate HostGate
}

// HostGate hands out the start slots of requests to a host, shared by
// several clients: the spacing between requests to one host that a Client
// keeps in memory, kept where many processes see it.
type HostGate interface {
	// Reserve books the next start slot for a request to host (lowercase,
	// port included): the later of now and the host's next free start,
	// after which the host is next free spacing later. It returns how long
	// to wait for the slot, and ok true. When the wait would be longer than
	// maxWait, nothing is booked and ok is false; wait is then how long
	// until the host is next free.
	Reserve(ctx context.Context, host string, spacing, maxWait time.Duration) (wait time.Duration, ok bool, err error)
}

func (o Options) withDefaults() Options {
	if o.UserAgent == "" {
		o.UserAgent = DefaultUserAgent
	}
	if o.ConnectTimeout <= 0 {
		o.ConnectTimeout = DefaultConnectTimeout
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.MaxBytes <= 0 {
		o.MaxBytes = DefaultMaxBytes
	}
	switch {
	case o.MaxRedirects == 0:
		o.MaxRedirects = DefaultMaxRedirects
	case o.MaxRedirects < 0:
		o.MaxRedirects = 0
	}
	if o.PerHost <= 0 {
		o.PerHost = DefaultPerHost
	}
	switch {
	case o.HostDelay == 0:
		o.HostDelay = DefaultHostDelay
	case o.HostDelay < 0:
		o.HostDelay = 0
	}
	if o.RobotsTTL <= 0 {
		o.RobotsTTL = DefaultRobotsTTL
	}
	return o
}

// What went wrong with a fetch. An *Error wraps one of them.
var (
	ErrBlocked      = errors.New("refused")
	ErrRobots       = errors.New("disallowed by robots.txt")
	ErrStatus       = errors.New("HTTP error")
	ErrTooLarge     = errors.New("body too large")
	ErrTimeout      = errors.New("timed out")
	ErrRedirects    = errors.New("too many redirects")
	ErrRedirectLoop = errors.New("redirect loop")
	ErrScheme       = errors.New("unsupported URL")
	ErrEncoding     = errors.New("unsupported content encoding")
	// ErrGate: the shared politeness of Options.Gate could not be asked,
	// and the request was not sent rather than sent unspaced.
	ErrGate = errors.New("shared host politeness unavailable, so the request was not sent")
	// ErrHostBusy: through Options.Gate, the host is booked by other
	// requests for longer than the request could wait before timing out.
	// Error.RetryAfter says when the host is next free.
	ErrHostBusy = errors.New("host busy")
)

// Error is a failed fetch: the URL asked for and why.
type Error struct {
	URL string
	Err error
	// Status is the HTTP status of an ErrStatus failure.
	Status int
	// RetryAfter is the server's Retry-After on a 429 or 503, zero when
	// absent.
	RetryAfter time.Duration
}

func (e *Error) Error() string { return "fetch " + e.URL + ": " + e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

// Request is one GET.
type Request struct {
	URL string
	// Validators of a copy already held, sent for a conditional GET.
	ETag, LastModified string
}

// Response is a fetched document.
type Response struct {
	URL          string // after redirects
	Status       int
	NotModified  bool   // 304: the held copy is current; Body is empty
	ContentType  string // the media type, lowercase, without parameters
	Charset      string // what a text body was decoded from; "" for binary
	Body         []byte // UTF-8 for text media types, as sent otherwise
	ETag         string
	LastModified string
}

// Client fetches documents. It is safe for concurrent use.
type Client struct {
	opts   Options
	http   *http.Client
	hosts  hostLimiter
	robots robotsCache
}

// New makes a Client.
func New(opts Options) *Client {
	return newClient(opts, nil)
}

func newClient(opts Options, exempt map[string]bool) *Client {
	opts = opts.withDefaults()
	dialer := &net.Dialer{Timeout: opts.ConnectTimeout, KeepAlive: 30 * time.Second}
	if !opts.AllowPrivate {
		dialer.Control = guardControl(exempt)
	}
	transport := &http.Transport{
		Proxy:                 nil,
		DialContext:           dialer.DialContext,
		TLSHandshakeTimeout:   opts.ConnectTimeout,
		ResponseHeaderTimeout: opts.Timeout,
		MaxIdleConnsPerHost:   opts.PerHost,
		IdleConnTimeout:       90 * time.Second,
		ForceAttemptHTTP2:     true,
		// Bodies are decompressed here, under the size limit.
		DisableCompression: true,
	}
	c := &Client{opts: opts, hosts: hostLimiter{perHost: opts.PerHost, hosts: map[string]*hostSlot{}}}
	c.robots.entries = map[string]*robotsEntry{}
	c.http = &http.Client{Transport: transport, CheckRedirect: c.checkRedirect}
	return c
}

// Options returns the client's options with defaults filled in.
func (c *Client) Options() Options { return c.opts }

type ctxKey int

// skipRobots marks the requests that fetch robots.txt itself.
const skipRobots ctxKey = 1

func (c *Client) checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) > c.opts.MaxRedirects {
		return fmt.Errorf("%w: stopped after %d", ErrRedirects, c.opts.MaxRedirects)
	}
	if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
		return fmt.Errorf("%w: redirect to %s", ErrScheme, req.URL.Redacted())
	}
	for _, v := range via {
		if v.URL.String() == req.URL.String() {
			return fmt.Errorf("%w: %s redirects back to itself", ErrRedirectLoop, req.URL.Redacted())
		}
	}
	if req.Context().Value(skipRobots) == nil && !c.opts.IgnoreRobots {
		if err := c.robotsAllow(req.Context(), req.URL); err != nil {
			return err
		}
	}
	req.Header.Set("User-Agent", c.opts.UserAgent)
	return nil
}

// Get fetches one URL. Failures are *Error values wrapping this package's
// sentinels, ErrCharset, or the network's error.
func (c *Client) Get(ctx context.Context, r Request) (*Response, error) {
	resp, err := c.get(ctx, r)
	if err != nil {
		var fe *Error
		if errors.As(err, &fe) {
			return nil, err
		}
		return nil, &Error{URL: r.URL, Err: err}
	}
	return resp, nil
}

func (c *Client) get(ctx context.Context, r Request) (*Response, error) {
	u, err := url.Parse(r.URL)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrScheme, err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("%w: want an http or https URL", ErrScheme)
	}
	ctx, cancel := context.WithTimeout(ctx, c.opts.Timeout)
	defer cancel()
	if ctx.Value(skipRobots) == nil && !c.opts.IgnoreRobots {
		if err := c.robotsAllow(ctx, u); err != nil {
			return nil, c.classify(ctx, err)
		}
	}
	host, delay := strings.ToLower(u.Host), c.hostDelay(u)
	localDelay := delay
	if c.opts.Gate != nil {
		localDelay = 0 // the gate spaces this client's requests with everyone's
	}
	release, err := c.hosts.acquire(ctx, host, localDelay)
	if err != nil {
		return nil, c.classify(ctx, err)
	}
	defer release()
	if c.opts.Gate != nil {
		if err := c.awaitGate(ctx, r.URL, host, delay); err != nil {
			return nil, err
		}
	}

	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("User-Agent", c.opts.UserAgent)
	req.Header.Set("Accept-Encoding", "gzip")
	req.Header.Set("Accept", "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/html;q=0.9, application/pdf;q=0.8, text/*;q=0.7, */*;q=0.5")
	if r.ETag != "" {
		req.Header.Set("If-None-Match", r.ETag)
	}
	if r.LastModified != "" {
		req.Header.Set("If-Modified-Since", r.LastModified)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, c.classify(ctx, err)
	}
	defer resp.Body.Close()

	out := &Response{
		URL: resp.Request.URL.String(), Status: resp.StatusCode,
		ETag: resp.Header.Get("ETag"), LastModified: resp.Header.Get("Last-Modified"),
	}
	if resp.StatusCode == http.StatusNotModified {
		out.NotModified = true
		return out, nil
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		fe := &Error{URL: r.URL, Status: resp.StatusCode,
			Err: fmt.Errorf("%w: %s", ErrStatus, strings.TrimSpace(resp.Status))}
		if resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable {
			fe.RetryAfter = retryAfter(resp.Header.Get("Retry-After"), time.Now())
		}
		return nil, fe
	}
	body, err := c.readBody(resp)
	if err != nil {
		return nil, c.classify(ctx, err)
	}
	ct := resp.Header.Get("Content-Type")
	out.ContentType, _, _ = mime.ParseMediaType(ct)
	out.ContentType = strings.ToLower(out.ContentType)
	if out.ContentType == "" {
		out.ContentType = strings.ToLower(strings.Split(http.DetectContentType(body), ";")[0])
		ct = out.ContentType
	}
	out.Body, out.Charset, err = ToUTF8(body, ct)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// readBody reads the body, decompressing gzip, and refuses more than
// MaxBytes of decompressed content.
func (c *Client) readBody(resp *http.Response) ([]byte, error) {
	limit := c.opts.MaxBytes
	var r io.Reader = resp.Body
	switch enc := strings.ToLower(strings.TrimSpace(resp.Header.Get("Content-Encoding"))); enc {
	case "", "identity":
		if resp.ContentLength > limit {
			return nil, fmt.Errorf("%w: %d bytes announced, the limit is %d", ErrTooLarge, resp.ContentLength, limit)
		}
	case "gzip", "x-gzip":
		zr, err := gzip.NewReader(io.LimitReader(resp.Body, limit+1))
		if err != nil {
			return nil, fmt.Errorf("%w: bad gzip stream: %v", ErrEncoding, err)
		}
		defer zr.Close()
		r = zr
	default:
		return nil, fmt.Errorf("%w %q", ErrEncoding, enc)
	}
	body, err := io.ReadAll(io.LimitReader(r, limit+1))
	if int64(len(body)) > limit {
		return nil, fmt.Errorf("%w: more than %d bytes (counted after decompression)", ErrTooLarge, limit)
	}
	if err != nil {
		return nil, fmt.Errorf("reading body: %w", err)
	}
	return body, nil
}

// classify turns a transport error into one of the package's: a timeout,
// a refused address, a redirect failure.
func (c *Client) classify(ctx context.Context, err error) error {
	var be *blockedError
	if errors.As(err, &be) {
		return fmt.Errorf("%w: %v (allow private addresses for intranet sources: --allow-private or WINNOW_ALLOW_PRIVATE=1)", ErrBlocked, be)
	}
	for _, sentinel := range []error{ErrRedirects, ErrRedirectLoop, ErrScheme, ErrRobots, ErrBlocked, ErrTooLarge, ErrEncoding, ErrStatus, ErrGate, ErrHostBusy} {
		if errors.Is(err, sentinel) {
			var ue *url.Error
			if errors.As(err, &ue) {
				return ue.Err
			}
			return err
		}
	}
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return fmt.Errorf("%w after %v", ErrTimeout, c.opts.Timeout)
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return fmt.Errorf("%w: %v", ErrTimeout, err)
	}
	return err
}

// awaitGate takes the request's start slot on host from Options.Gate and
// waits for it. The request may wait until its deadline: a slot further
// ahead is not booked, so a request that would time out anyway does not push
// every later one back, and fails with ErrHostBusy. A gate that cannot be
// asked fails the request with ErrGate instead of letting it go unspaced.
func (c *Client) awaitGate(ctx context.Context, rawURL, host string, spacing time.Duration) error {
	maxWait := c.opts.Timeout
	if deadline, ok := ctx.Deadline(); ok {
		maxWait = max(time.Until(deadline), 0)
	}
	wait, ok, err := c.opts.Gate.Reserve(ctx, host, spacing, maxWait)
	if ctx.Err() != nil {
		return c.classify(ctx, ctx.Err())
	}
	if err != nil {
		return fmt.Errorf("%w: %v", ErrGate, err)
	}
	if !ok {
		return &Error{URL: rawURL, RetryAfter: wait,
			Err: fmt.Errorf("%w: %s is booked by other requests for the next %v, longer than this one may wait (%v)",
				ErrHostBusy, host, wait.Round(time.Millisecond), maxWait.Round(time.Millisecond))}
	}
	if wait > 0 {
		t := time.NewTimer(wait)
		defer t.Stop()
		select {
		case <-t.C:
		case <-ctx.Done():
			return c.classify(ctx, ctx.Err())
		}
	}
	return nil
}

// hostDelay is the pause between requests to u's host: the option, or the
// host's robots.txt Crawl-delay when longer.
func (c *Client) hostDelay(u *url.URL) time.Duration {
	d := c.opts.HostDelay
	if rb := c.robots.cached(robotsKey(u)); rb != nil && rb.CrawlDelay > d {
		d = min(rb.CrawlDelay, maxCrawlDelay)
	}
	return d
}

// retryAfter parses a Retry-After header: seconds or an HTTP date.
func retryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if s, err := strconv.Atoi(v); err == nil && s > 0 {
		return time.Duration(s) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

// Backoff is how long to wait before fetching a source again after failures
// failed fetches in a row: base doubled per failure after the first, capped
// at limit.
func Backoff(failures int, base, limit time.Duration) time.Duration {
	if failures <= 0 {
		return 0
	}
	d := base
	for i := 1; i < failures && d < limit; i++ {
		d *= 2
	}
	return min(d, limit)
}

// hostLimiter bounds the requests in flight to each host and spaces their
// starts.
type hostLimiter struct {
	perHost int
	mu      sync.Mutex
	hosts   map[string]*hostSlot
}

type hostSlot struct {
	sem  chan struct{}
	mu   sync.Mutex
	next time.Time // earliest start of the next request
}

func (l *hostLimiter) slot(host string) *hostSlot {
	l.mu.Lock()
	defer l.mu.Unlock()
	s, ok := l.hosts[host]
	if !ok {
		s = &hostSlot{sem: make(chan struct{}, l.perHost)}
		l.hosts[host] = s
	}
	return s
}

// acquire waits for a free slot on host and for the host's delay, and
// returns the function that frees the slot.
func (l *hostLimiter) acquire(ctx context.Context, host string, delay time.Duration) (func(), error) {
	s := l.slot(host)
	select {
	case s.sem <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	s.mu.Lock()
	now := time.Now()
	start := now
	if s.next.After(now) {
		start = s.next
	}
	s.next = start.Add(delay)
	s.mu.Unlock()
	if wait := start.Sub(now); wait > 0 {
		t := time.NewTimer(wait)
		defer t.Stop()
		select {
		case <-t.C:
		case <-ctx.Done():
			<-s.sem
			return nil, ctx.Err()
		}
	}
	return func() { <-s.sem }, nil
}
