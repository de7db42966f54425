package store

import "errors"

// ErrInvalid marks input a backend refuses before writing anything: an empty
// article text, a span outside the text, a negative limit. Backends wrap it
// with the offending field, so callers test with errors.Is and show the
// message.
var ErrInvalid = errors.New("store: invalid input")
