package codec

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

var linePos = regexp.MustCompile(`\(line (\d+):(\d+)\)`)

// errorPosition returns the 1-based line and column a decoder's error
// names, or 0, 0.
func errorPosition(err error) (line, col int) {
	m := linePos.FindStringSubmatch(err.Error())
	if m == nil {
		return 0, 0
	}
	line, _ = strconv.Atoi(m[1])
	col, _ = strconv.Atoi(m[2])
	return line, col
}

// jsonErrorPath finds the field a protojson error points at, as a path such
// as "appointments[3].start", so that an administrator can find the record.
// It returns "" when the error carries no position.
func jsonErrorPath(data []byte, err error) string {
	m := linePos.FindStringSubmatch(err.Error())
	if m == nil {
		return ""
	}
	line, _ := strconv.Atoi(m[1])
	col, _ := strconv.Atoi(m[2])
	off := offsetOf(data, line, col)
	if off < 0 {
		return ""
	}
	return jsonPathAt(data, off)
}

// offsetOf converts a 1-based line and rune column to a byte offset.
func offsetOf(data []byte, line, col int) int {
	off := 0
	for l := 1; l < line; l++ {
		i := bytes.IndexByte(data[off:], '\n')
		if i < 0 {
			return -1
		}
		off += i + 1
	}
	for c := 1; c < col && off < len(data); c++ {
		_, size := utf8.DecodeRune(data[off:])
		off += size
	}
	return off
}

// jsonPathAt returns the path of the innermost value that starts at or before
// byte offset off.
func jsonPathAt(data []byte, off int) string {
	type frame struct {
		obj     bool
		key     string
		idx     int
		wantKey bool
	}
	var stack []frame
	render := func() string {
		var b strings.Builder
		for _, f := range stack {
			switch {
			case f.obj && f.key != "":
				if b.Len() > 0 {
					b.WriteByte('.')
				}
				b.WriteString(f.key)
			case !f.obj && f.idx >= 0:
				b.WriteString("[" + strconv.Itoa(f.idx) + "]")
			}
		}
		return b.String()
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	best := ""
	for dec.InputOffset() <= int64(off) {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		closing := tok == json.Delim('}') || tok == json.Delim(']')
		if n := len(stack); n > 0 && !closing {
			top := &stack[n-1]
			if top.obj && top.wantKey {
				top.key, _ = tok.(string)
				top.wantKey = false
				best = render()
				continue
			}
			if !top.obj {
				top.idx++
			}
		}
		switch tok {
		case json.Delim('{'):
			stack = append(stack, frame{obj: true, wantKey: true})
		case json.Delim('['):
			stack = append(stack, frame{idx: -1})
		case json.Delim('}'), json.Delim(']'):
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
			if n := len(stack); n > 0 && stack[n-1].obj {
				stack[n-1].wantKey = true
			}
		default:
			if n := len(stack); n > 0 && stack[n-1].obj {
				stack[n-1].wantKey = true
			}
		}
		best = render()
	}
	return best
}
