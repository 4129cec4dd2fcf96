"""Importing an existing action tracker (Excel or CSV): read, map the columns, check every
row, and write it whole or not at all."""
