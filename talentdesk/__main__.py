from talentdesk.cli import main

raise SystemExit(main())
