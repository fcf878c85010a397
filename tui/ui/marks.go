package ui

// ReviewTag marks a problem past its review date, on the board and in
// meetings (issue 19).
const ReviewTag = "REVIEW"
