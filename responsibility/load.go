package responsibility

import (
	"github.com/zerenlab/zeren/internal/codec"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// DecodeError reports a document that is not valid JSON or text format for
// its message, or is larger than MaxDocumentSize. Its Err carries the
// decoder's position. Recover it with errors.As.
type DecodeError = codec.DecodeError

// MaxDocumentSize is the largest document the Parse functions accept.
const MaxDocumentSize = codec.MaxDocumentSize

// ParseFramework decodes a framework (zeren.v1.Framework) from JSON
// (protojson) or text format, detected from the first non-blank byte: '{'
// means JSON. Unknown fields are errors, so a misspelt field cannot silently
// drop data. It returns a *DecodeError; the content is validated by New.
func ParseFramework(data []byte) (*zerenv1.Framework, error) {
	fw := &zerenv1.Framework{}
	if err := codec.Unmarshal("framework", data, codec.Auto, fw); err != nil {
		return nil, err
	}
	return fw, nil
}

// ParseStructure decodes a structure (zeren.v1.Structure: units,
// organisations, posts, people, appointments, duty areas) like
// ParseFramework.
func ParseStructure(data []byte) (*zerenv1.Structure, error) {
	s := &zerenv1.Structure{}
	if err := codec.Unmarshal("structure", data, codec.Auto, s); err != nil {
		return nil, err
	}
	return s, nil
}

// Load parses a framework and a structure and builds their hierarchy. It
// returns a *DecodeError for a document that does not decode and a
// *ValidationError for content that does not hold together.
func Load(framework, structure []byte, opts ...Option) (*Hierarchy, error) {
	fw, err := ParseFramework(framework)
	if err != nil {
		return nil, err
	}
	s, err := ParseStructure(structure)
	if err != nil {
		return nil, err
	}
	return New(fw, s, opts...)
}
