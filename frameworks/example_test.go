package frameworks_test

import (
	"fmt"

	"github.com/zerenlab/zeren/frameworks"
)

// The 三级五岗 framework: three levels and five posts, each post on a level.
func ExampleSanjiWugang() {
	f := frameworks.SanjiWugang()
	levels := map[string]string{}
	for _, l := range f.GetLevels() {
		levels[l.GetId()] = l.GetName()
		fmt.Println("层级:", l.GetName())
	}
	for _, k := range f.GetPostKinds() {
		fmt.Printf("岗位: %s（%s）\n", k.GetName(), levels[k.GetLevelId()])
	}
	// Output:
	// 层级: 党组（党委）
	// 层级: 机关党委（党总支）
	// 层级: 党支部
	// 岗位: 党组（党委）书记（党组（党委））
	// 岗位: 党组（党委）其他成员（党组（党委））
	// 岗位: 机关党委书记（机关党委（党总支））
	// 岗位: 机关纪委书记（机关党委（党总支））
	// 岗位: 党支部书记（党支部）
}

// All lists every embedded framework with its shape.
func ExampleAll() {
	for _, f := range frameworks.All() {
		fmt.Printf("%s: %d levels, %d post kinds\n", f.GetId(), len(f.GetLevels()), len(f.GetPostKinds()))
	}
	// Output:
	// sanji-wugang: 3 levels, 5 post kinds
	// siji-sigang: 4 levels, 4 post kinds
}
