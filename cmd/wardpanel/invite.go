package main

import "wardpanel/tui/admincmd"

// `wardpanel invite …` and `invite list`, the same commands an admin runs
// over SSH: in this process, or inside the running server through the
// control socket.
var (
	inviteCmd     = admincmd.Invite[*env]()
	inviteListCmd = admincmd.InviteList[*env]()
)
