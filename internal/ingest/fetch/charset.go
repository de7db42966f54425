package fetch

import (
	"bytes"
	"errors"
	"fmt"
	"mime"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/unicode"
)

// ErrCharset marks a body whose bytes do not fit its character set.
var ErrCharset = errors.New("bad character encoding")

// Media types by how their text is decoded.
const (
	kindBinary = iota
	kindHTML
	kindXML
	kindJSON
	kindText
)

// textKind says how a media type's body is decoded to UTF-8.
func textKind(mediaType string) int {
	switch {
	case mediaType == "text/html" || mediaType == "application/xhtml+xml":
		return kindHTML
	case mediaType == "application/json" || strings.HasSuffix(mediaType, "+json"):
		return kindJSON
	case strings.HasSuffix(mediaType, "/xml") || strings.HasSuffix(mediaType, "+xml"):
		return kindXML
	case strings.HasPrefix(mediaType, "text/"):
		return kindText
	}
	return kindBinary
}

// xmlDecl finds the encoding named in an XML declaration.
var xmlDecl = regexp.MustCompile(`^<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']`)

// ToUTF8 decodes a text body to UTF-8 and says which character set it was
// read as. contentType is the response's Content-Type header. The character
// set is taken, in order, from a byte order mark, the header's charset
// parameter, then the document itself (an HTML <meta> tag or an XML
// declaration, whose encoding is rewritten to UTF-8), then a guess: UTF-8
// when the bytes are valid UTF-8, else Windows-1252 for HTML and plain text.
// A body declared (or required, for JSON) to be UTF-8 that is not is an
// error wrapping ErrCharset, as is an unknown character set. Binary media
// types come back unchanged with charset "".
func ToUTF8(body []byte, contentType string) ([]byte, string, error) {
	mediaType, params, _ := mime.ParseMediaType(contentType)
	kind := textKind(strings.ToLower(mediaType))
	if kind == kindBinary {
		return body, "", nil
	}
	if enc, name := bomEncoding(body); enc != nil {
		return decodeWith(body, enc, name)
	}
	label := strings.TrimSpace(params["charset"])
	switch kind {
	case kindJSON:
		if label != "" && !isUTF8Label(label) {
			return decodeLabel(body, label)
		}
		return checkUTF8(body, "utf-8")
	case kindXML:
		if label == "" {
			if m := xmlDecl.FindSubmatch(body[:min(len(body), 512)]); m != nil {
				label = string(m[1])
			}
		}
		if label == "" {
			return checkUTF8(body, "utf-8")
		}
		out, name, err := decodeLabel(body, label)
		if err != nil {
			return nil, "", err
		}
		return rewriteXMLDecl(out), name, nil
	default:
		if label != "" {
			return decodeLabel(body, label)
		}
		if kind == kindHTML {
			// A <meta> declaration, else UTF-8 if the bytes are, else
			// Windows-1252, as browsers do.
			enc, name, _ := charset.DetermineEncoding(body, "text/html")
			return decodeWith(body, enc, name)
		}
		if utf8.Valid(body) {
			return body, "utf-8", nil
		}
		enc, _ := charset.Lookup("windows-1252")
		return decodeWith(body, enc, "windows-1252")
	}
}

func isUTF8Label(label string) bool {
	l := strings.ToLower(label)
	return l == "utf-8" || l == "utf8"
}

func decodeLabel(body []byte, label string) ([]byte, string, error) {
	enc, name := charset.Lookup(label)
	if enc == nil {
		return nil, "", fmt.Errorf("%w: unknown character set %q", ErrCharset, label)
	}
	return decodeWith(body, enc, name)
}

// decodeWith decodes body from enc, called name.
func decodeWith(body []byte, enc encoding.Encoding, name string) ([]byte, string, error) {
	if name == "utf-8" || enc == unicode.UTF8 {
		body = bytes.TrimPrefix(body, []byte("\xef\xbb\xbf"))
		return checkUTF8(body, "utf-8")
	}
	out, err := enc.NewDecoder().Bytes(body)
	if err != nil {
		return nil, "", fmt.Errorf("%w: not valid %s: %v", ErrCharset, name, err)
	}
	out = bytes.TrimPrefix(out, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(out) {
		return nil, "", fmt.Errorf("%w: %s text did not decode to UTF-8", ErrCharset, name)
	}
	return out, name, nil
}

func checkUTF8(body []byte, name string) ([]byte, string, error) {
	if utf8.Valid(body) {
		return body, name, nil
	}
	at := 0
	for at < len(body) {
		r, size := utf8.DecodeRune(body[at:])
		if r == utf8.RuneError && size <= 1 {
			break
		}
		at += size
	}
	return nil, "", fmt.Errorf("%w: declared or required UTF-8, but byte %d (0x%02x) is not UTF-8", ErrCharset, at, body[at])
}

// bomEncoding recognizes a UTF-8 or UTF-16 byte order mark.
func bomEncoding(body []byte) (encoding.Encoding, string) {
	switch {
	case bytes.HasPrefix(body, []byte("\xef\xbb\xbf")):
		return unicode.UTF8, "utf-8"
	case bytes.HasPrefix(body, []byte("\xfe\xff")):
		return unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM), "utf-16be"
	case bytes.HasPrefix(body, []byte("\xff\xfe")):
		return unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM), "utf-16le"
	}
	return nil, ""
}

// rewriteXMLDecl makes a decoded document's XML declaration say UTF-8, so
// an XML parser does not decode it a second time.
func rewriteXMLDecl(body []byte) []byte {
	loc := xmlDecl.FindSubmatchIndex(body[:min(len(body), 512)])
	if loc == nil {
		return body
	}
	out := make([]byte, 0, len(body))
	out = append(out, body[:loc[2]]...)
	out = append(out, "UTF-8"...)
	return append(out, body[loc[3]:]...)
}
