package sample

import (
	_ "embed"
	"encoding/json"
	"fmt"

	"google.golang.org/protobuf/encoding/protojson"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

//go:embed data/triggers-2026.json
var triggersJSON []byte

// Triggers returns 示例市's accountability triggers for 2026 (问责触发规则),
// for package accountability: the last two in the ranking → 约谈 of the
// principal leaders; review satisfaction below 50% → 通报 of the
// organisation; a supervision case overdue twice or yellow-carded → 提醒谈话;
// a veto → 检查 of the organisation. Each call returns a fresh copy.
func Triggers() []*zerenv1.Trigger {
	var doc struct {
		Triggers []json.RawMessage `json:"triggers"`
	}
	if err := json.Unmarshal(triggersJSON, &doc); err != nil {
		panic(fmt.Sprintf("sample: embedded triggers: %v", err))
	}
	out := make([]*zerenv1.Trigger, len(doc.Triggers))
	for i, raw := range doc.Triggers {
		out[i] = &zerenv1.Trigger{}
		if err := protojson.Unmarshal(raw, out[i]); err != nil {
			panic(fmt.Sprintf("sample: embedded trigger %d: %v", i, err))
		}
	}
	return out
}
