package model

// checkWardTitle parses the ward code and cleans the title that every
// record a ward keeps has (problems, actions, meetings, rich-picture
// sessions). short is said of a title under 3 characters (empty, when
// given, of none at all); rest follows "at most N characters" for one that
// is too long.
func checkWardTitle(ward, title *string, short, empty, rest string) error {
	code, err := ParseWardCode(*ward)
	if err != nil {
		return err
	}
	*ward = code
	*title = CleanLine(*title, MaxTitleLen+1)
	if *title == "" && empty != "" {
		return invalid("title", "%s", empty)
	}
	return checkLen("title", *title, MaxTitleLen, short, "at most %d characters"+rest) // rest holds no %
}
