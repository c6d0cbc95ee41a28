package accountability

import (
	"github.com/zerenlab/zeren/internal/codec"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// DecodeError reports a triggers document that is not valid JSON or text
// format, or is larger than [MaxDocumentSize]. Its Path names the field at
// fault in a JSON document (e.g. "triggers[1].measure") and its Err carries
// the decoder's line and column. Recover it with errors.As.
type DecodeError = codec.DecodeError

// MaxDocumentSize is the largest document [ParseTriggers] accepts.
const MaxDocumentSize = codec.MaxDocumentSize

// ParseTriggers decodes accountability triggers (zeren.v1.TriggerSet,
// `{"triggers": [...]}`, or a bare JSON array of zeren.v1.Trigger) from
// JSON (protojson) or text format, detected from the first non-blank byte.
// Unknown fields are errors, so a misspelt field cannot silently drop data.
// It returns a *[DecodeError]; the conditions are compiled and checked by
// [New].
func ParseTriggers(data []byte) ([]*zerenv1.Trigger, error) {
	set := &zerenv1.TriggerSet{}
	if err := codec.Unmarshal("triggers", codec.WrapArray(data, "triggers"), codec.Auto, set); err != nil {
		return nil, err
	}
	return set.GetTriggers(), nil
}
