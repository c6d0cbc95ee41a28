package server

import (
	"compress/gzip"
	"errors"
	"io"
)

// maxInflateRatio is the most a compressed request may grow when inflated
// (beyond the first inflateSlack bytes): a gzip bomb is refused after
// reading a little more than the ratio allows, not after inflating it all.
const (
	maxInflateRatio = 100
	inflateSlack    = 64 << 10
)

var errInflate = errors.New("请求解压后过大（the compressed request inflates more than the server allows: over 100 times its size, or over the largest request）")

// boundedGzip is the server's gzip decompressor: it refuses a body that
// inflates past maxInflateRatio times what it read, or past max bytes.
// Decompression runs only after authMiddleware admitted the caller.
type boundedGzip struct {
	zr       *gzip.Reader
	src      countingReader
	out, max int64
	err      error
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

func (b *boundedGzip) Read(p []byte) (int, error) {
	if b.err != nil {
		return 0, b.err
	}
	if b.zr == nil {
		return 0, io.ErrUnexpectedEOF
	}
	n, err := b.zr.Read(p)
	b.out += int64(n)
	if b.out > b.max || b.out > inflateSlack+maxInflateRatio*b.src.n {
		b.err = errInflate
		return 0, b.err
	}
	return n, err
}

func (b *boundedGzip) Close() error {
	if b.zr == nil {
		return nil
	}
	return b.zr.Close()
}

func (b *boundedGzip) Reset(r io.Reader) error {
	b.src = countingReader{r: r}
	b.out, b.err = 0, nil
	if b.zr == nil {
		zr, err := gzip.NewReader(&b.src)
		if err != nil {
			return err
		}
		b.zr = zr
		return nil
	}
	return b.zr.Reset(&b.src)
}
