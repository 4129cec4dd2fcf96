from casereviews.cli import main

main()
