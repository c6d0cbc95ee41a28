package sample

import (
	_ "embed"
	"fmt"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// CalendarID is the id of the sample working-day calendar.
const CalendarID = "cn-2026-sample"

var (
	//go:embed data/calendar-2026.json
	calendarJSON []byte

	// The parsed calendar; never modified after init, handed out as clones.
	workingCalendar = mustParseCalendar("data/calendar-2026.json", calendarJSON)
)

func mustParseCalendar(name string, b []byte) *zerenv1.Calendar {
	c := &zerenv1.Calendar{}
	if err := (protojson.UnmarshalOptions{}).Unmarshal(b, c); err != nil {
		// A malformed embedded file is a programmer error caught by the
		// package tests.
		panic(fmt.Sprintf("sample: parse %s: %v", name, err))
	}
	return c
}

// Calendar returns a working-day calendar (工作日历) for [Year] in [Location]:
// China's 2026 public holidays and make-up working days (调休上班) — 元旦
// 1月1日至3日, 春节 2月15日至23日, 清明节 4月4日至6日, 劳动节 5月1日至5日,
// 端午节 6月19日至21日, 中秋节 9月25日至27日, 国庆节 10月1日至7日, with
// make-up working days on 1月4日, 2月14日, 2月28日, 5月9日, 9月20日 and
// 10月10日. It follows the usual pattern of the 国务院办公厅's yearly notice
// but is a SAMPLE, not an authoritative copy (sample = true, name
// "2026年节假日安排（示例，以国务院办公厅通知为准）"): an OA must load the
// official notice. Build it with calendar.New(sample.Calendar(),
// sample.Location). Each call returns a new copy.
func Calendar() *zerenv1.Calendar {
	return proto.Clone(workingCalendar).(*zerenv1.Calendar)
}
