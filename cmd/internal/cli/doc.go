// Package cli is the zeren command for administrators and scripts
// ([Main]):
//
//	zeren check [-kind number|ratio|bool] FILE...   compile rules; FILE:LINE:COL: message
//	zeren decompose [-structure S] [-plan P] [-framework F] [-as-of DATE] [-json]
//	zeren assess [-system F] [-facts F] [-reviews F] [-structure F] [-format text|json] [-unit ID]
//	zeren audit verify -db TARGET [-audit-key-file F] [-expect-head COUNT:HASH|F]
//	zeren serve [zerend flags]
//	zeren version
//	zeren help [COMMAND]
//
// Every command takes -lang zh|en (default zh, or $ZEREN_LANG): help,
// messages and errors are Chinese by default and English with -lang en.
// -h/--help prints a command's usage, flags and examples on standard output
// and exits 0. Flags may follow the arguments; "--" ends them. Dates are
// YYYY-MM-DD, read as 00:00 of that day in the locality's zone (UTC+8), and
// printed as local dates. decompose and assess fall back to 示例市, the
// sample city, for every input not given, and draw a progress bar on
// standard error when it is a terminal (or with -progress). Exit codes:
// [ExitOK], [ExitProblems] when the input has problems (a rule that does not
// compile, an invalid plan, a broken audit log), [ExitUsage] for a usage
// error or input that cannot be read; a summary never says "no problems"
// with another code.
package cli
