"""The shell of the client: start-up, sign-in, the session, the idle lock and the main window."""
