package calendar_test

import (
	"fmt"
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/zerenlab/zeren/calendar"
	"github.com/zerenlab/zeren/sample"
)

func Example() {
	cal, err := calendar.New(sample.Calendar(), sample.Location)
	if err != nil {
		panic(err)
	}
	due := time.Date(2026, time.October, 1, 0, 0, 0, 0, sample.Location) // 国庆
	fmt.Println("完成时限", due.Format(time.DateOnly), "workday:", cal.IsWorkday(due))
	fmt.Println("顺延至", cal.Adjust(due, calendar.Following).Format(time.DateOnly))
	fmt.Println("T-1", cal.AddWorkdays(cal.Adjust(due, calendar.Following), -1).Format(time.DateOnly))
	saturday := time.Date(2026, time.October, 10, 0, 0, 0, 0, sample.Location)
	fmt.Println("10月10日 (调休上班) workday:", cal.IsWorkday(saturday))
	// Output:
	// 完成时限 2026-10-01 workday: false
	// 顺延至 2026-10-08
	// T-1 2026-09-30
	// 10月10日 (调休上班) workday: true
}

func ExampleCalendar_WorkdaysBetween() {
	cal := calendar.Weekends(sample.Location)
	friday := time.Date(2026, time.March, 13, 0, 0, 0, 0, sample.Location)
	monday := time.Date(2026, time.March, 16, 0, 0, 0, 0, sample.Location)
	fmt.Println("overdue working days:", cal.WorkdaysBetween(friday, monday))
	fmt.Println("on Saturday:", cal.WorkdaysBetween(friday, friday.AddDate(0, 0, 1)))
	// Output:
	// overdue working days: 1
	// on Saturday: 0
}

func ExampleParseDate() {
	shanghai := time.FixedZone("CST", 8*3600)
	due, err := calendar.ParseDate("2026-01-31", shanghai)
	if err != nil {
		panic(err)
	}
	fmt.Println(due.UTC().Format(time.RFC3339))
	fmt.Println(calendar.FormatDate(timestamppb.New(due), shanghai))
	_, err = calendar.ParseDate("2026/01/31", shanghai)
	fmt.Println(err.(*calendar.DateError).Zh())
	// Output:
	// 2026-01-30T16:00:00Z
	// 2026-01-31
	// 日期 "2026/01/31" 无法识别：应为日期 YYYY-MM-DD（如 2026-01-31，指当地时区当日零时）或 RFC 3339 时刻（如 2026-01-31T00:00:00+08:00）
}
