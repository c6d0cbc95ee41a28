package cli

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// The bar pads each redraw to the columns the previous one took, so that a
// shorter label leaves no residue: columns are counted as a terminal draws
// them, CJK wide, combining marks zero, characters beyond the BMP included.
func TestDisplayWidthCountsTerminalColumns(t *testing.T) {
	for s, want := range map[string]int{
		"abc":       3,
		"示例市":       6,
		"市财政局（czj）": 15,
		"e\u0301":   1, // e + combining acute
		"𠀀":         2, // CJK Extension B, beyond the BMP
		"，":         2,
	} {
		assert.Equal(t, want, displayWidth(s), "%q", s)
	}
}
