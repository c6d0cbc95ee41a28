package unitfacts

import (
	"github.com/zerenlab/zeren/internal/codec"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// Parse decodes a document of facts (zeren.v1.FactSet, `{"facts": [...]}`)
// from JSON (protojson) or text format, detected from the first non-blank
// byte: '{' means JSON. A JSON array of UnitFacts (`[...]`) is read as the
// set's list, with paths such as "facts[2].metrics". Unknown fields are
// errors, so a misspelt field cannot silently drop data. It returns a
// *[DecodeError] naming the field at fault.
func Parse(data []byte) ([]*zerenv1.UnitFacts, error) {
	set := &zerenv1.FactSet{}
	if err := codec.Unmarshal("facts", codec.WrapArray(data, "facts"), codec.Auto, set); err != nil {
		return nil, err
	}
	return set.GetFacts(), nil
}
