"""Commands on the Memorandum of Cooperation: its versions, drafts, publication and membership."""
