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
// for package accountability:
//
//   - A1: the last two in the ranking → 约谈 of the 党组（党委）书记 only
//     (第一责任人), one proposal per unit naming every holder of the year;
//   - A2: review satisfaction below 50% → 通报 of the organisation;
//   - A3: each supervision case overdue twice or yellow-carded → 提醒谈话 of
//     the 机关党委书记 (直接责任) who held the post when the case was opened;
//   - A4: a veto → 检查 of the organisation.
//
// 约谈 and 提醒谈话 are the first of the 四种形态, not 问责方式, and their
// bases say so; 检查 and 通报 are 问责方式 of 《中国共产党问责条例》（2019）
// 第八条. Each call returns a fresh copy.
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
