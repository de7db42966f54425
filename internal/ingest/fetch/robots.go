package fetch

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"time"
)

// Robots is a parsed robots.txt (RFC 9309), reduced to the rules for one
// crawler.
type Robots struct {
	rules []robotsRule
	// CrawlDelay is the group's Crawl-delay, a common extension; zero when
	// absent.
	CrawlDelay time.Duration
}

type robotsRule struct {
	allow   bool
	pattern string // path pattern: '*' matches any run, a final '$' anchors the end
}

// maxRobotsBytes is how much of a robots.txt is read, as RFC 9309 allows a
// crawler to limit it (to at least 500 KiB).
const maxRobotsBytes = 512 << 10

// ParseRobots reads robots.txt text and keeps the rules of the groups that
// name agent (its product token, matched case-insensitively), or else of the
// groups for "*". Lines it does not understand are skipped.
func ParseRobots(body []byte, agent string) *Robots {
	agent = strings.ToLower(agent)
	type group struct {
		agents []string
		rules  []robotsRule
		delay  time.Duration
	}
	var (
		groups   []*group
		cur      *group
		inAgents bool // the previous directive was a user-agent line
	)
	sc := bufio.NewScanner(bytes.NewReader(body))
	sc.Buffer(make([]byte, 0, 4096), maxRobotsBytes)
	for sc.Scan() {
		line := sc.Text()
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		key, value, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		key = strings.ToLower(strings.TrimSpace(key))
		value = strings.TrimSpace(value)
		switch key {
		case "user-agent":
			if !inAgents || cur == nil {
				cur = &group{}
				groups = append(groups, cur)
			}
			cur.agents = append(cur.agents, strings.ToLower(value))
			inAgents = true
		case "allow", "disallow":
			inAgents = false
			if cur == nil {
				continue // a rule before any user-agent line belongs to no group
			}
			if value == "" {
				continue // "Disallow:" with no path allows everything: no rule
			}
			cur.rules = append(cur.rules, robotsRule{allow: key == "allow", pattern: value})
		case "crawl-delay":
			inAgents = false
			if cur == nil {
				continue
			}
			if d, err := time.ParseDuration(value + "s"); err == nil && d > 0 {
				cur.delay = d
			}
		default:
			inAgents = false // sitemap and unknown lines end a run of user-agent lines
		}
	}
	r := &Robots{}
	collect := func(match func(string) bool) bool {
		found := false
		for _, g := range groups {
			for _, a := range g.agents {
				if match(a) {
					r.rules = append(r.rules, g.rules...)
					r.CrawlDelay = max(r.CrawlDelay, g.delay)
					found = true
					break
				}
			}
		}
		return found
	}
	if agent == "" || !collect(func(a string) bool { return a == agent }) {
		collect(func(a string) bool { return a == "*" })
	}
	return r
}

// Allowed reports whether the crawler may fetch path (the URL's path and
// query, starting with "/"): the longest matching rule decides, an allow
// rule winning a tie, and no matching rule means allowed.
func (r *Robots) Allowed(path string) bool {
	if r == nil {
		return true
	}
	if path == "" {
		path = "/"
	}
	if path == "/robots.txt" {
		return true
	}
	best, allow := -1, true
	for _, rule := range r.rules {
		if !matchPattern(rule.pattern, path) {
			continue
		}
		n := len(rule.pattern)
		if n > best || (n == best && rule.allow) {
			best, allow = n, rule.allow
		}
	}
	return allow
}

// matchPattern matches a robots.txt path pattern against path from its
// start.
func matchPattern(pattern, path string) bool {
	anchored := strings.HasSuffix(pattern, "$")
	if anchored {
		pattern = pattern[:len(pattern)-1]
	}
	parts := strings.Split(pattern, "*")
	if !strings.HasPrefix(path, parts[0]) {
		return false
	}
	pos := len(parts[0])
	if len(parts) == 1 {
		return !anchored || pos == len(path)
	}
	for i, part := range parts[1:] {
		last := i == len(parts)-2
		if last && anchored {
			return len(path)-pos >= len(part) && strings.HasSuffix(path, part)
		}
		j := strings.Index(path[pos:], part)
		if j < 0 {
			return false
		}
		pos += j + len(part)
	}
	return true
}

// robotsCache holds each host's robots.txt for a while.
type robotsCache struct {
	mu      sync.Mutex
	entries map[string]*robotsEntry
}

type robotsEntry struct {
	mu      sync.Mutex // held while the file is fetched, so a host's file is fetched once
	robots  *Robots    // nil while unknown
	err     error      // why everything is disallowed, when the file could not be read
	expires time.Time
}

// robotsFailureTTL bounds how long an unreadable robots.txt blocks a host.
const robotsFailureTTL = 10 * time.Minute

func robotsKey(u *url.URL) string {
	return strings.ToLower(u.Scheme + "://" + u.Host)
}

func (rc *robotsCache) entry(key string) *robotsEntry {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	e, ok := rc.entries[key]
	if !ok {
		e = &robotsEntry{}
		rc.entries[key] = e
	}
	return e
}

// cached returns a host's robots.txt if it is known and fresh.
func (rc *robotsCache) cached(key string) *Robots {
	rc.mu.Lock()
	e := rc.entries[key]
	rc.mu.Unlock()
	if e == nil || !e.mu.TryLock() {
		return nil
	}
	defer e.mu.Unlock()
	if time.Now().Before(e.expires) {
		return e.robots
	}
	return nil
}

// robotsAllow checks u against its host's robots.txt, fetching the file
// when it is not cached. Following RFC 9309, a missing file (4xx) allows
// everything and an unreachable one (5xx, network failure) disallows
// everything for a while.
func (c *Client) robotsAllow(ctx context.Context, u *url.URL) error {
	e := c.robots.entry(robotsKey(u))
	e.mu.Lock()
	defer e.mu.Unlock()
	if !time.Now().Before(e.expires) {
		rb, ttl, err := c.fetchRobots(ctx, u)
		if ctx.Err() != nil {
			return ctx.Err() // the caller gave up; nothing learnt about the host
		}
		if errors.Is(err, ErrBlocked) || errors.Is(err, ErrGate) || errors.Is(err, ErrHostBusy) {
			return err // nothing learnt about the host's robots.txt
		}
		e.robots, e.err, e.expires = rb, err, time.Now().Add(ttl)
	}
	if e.err != nil {
		return fmt.Errorf("%w: robots.txt unreachable, so everything is disallowed for now: %v", ErrRobots, e.err)
	}
	path := u.EscapedPath()
	if u.RawQuery != "" {
		path += "?" + u.RawQuery
	}
	if !e.robots.Allowed(path) {
		return fmt.Errorf("%w: %s", ErrRobots, path)
	}
	return nil
}

func (c *Client) fetchRobots(ctx context.Context, u *url.URL) (*Robots, time.Duration, error) {
	failTTL := min(c.opts.RobotsTTL, robotsFailureTTL)
	ru := url.URL{Scheme: u.Scheme, Host: u.Host, Path: "/robots.txt"}
	resp, err := c.get(context.WithValue(ctx, skipRobots, true), Request{URL: ru.String()})
	if err == nil {
		return ParseRobots(resp.Body, productToken(c.opts.UserAgent)), c.opts.RobotsTTL, nil
	}
	var fe *Error
	if errors.As(err, &fe) && fe.Status >= 400 && fe.Status < 500 {
		return &Robots{}, c.opts.RobotsTTL, nil
	}
	if errors.Is(err, ErrBlocked) || errors.Is(err, ErrGate) || errors.Is(err, ErrHostBusy) {
		return nil, 0, err
	}
	return nil, failTTL, err
}

// productToken is the crawler name robots.txt groups are matched against:
// the User-Agent's first word without its version.
func productToken(userAgent string) string {
	token, _, _ := strings.Cut(userAgent, "/")
	token, _, _ = strings.Cut(token, " ")
	return token
}
