"""The yearly renewal of the Memorandum of Cooperation, and members joining and leaving."""
