"""Common first names in the UK (ONS baby-name lists across the decades, and names common among
adults now), for the anonymisation check's "first name + surname" rule.

Left out on purpose: names that are also everyday capitalised words in a briefing, which would
make "Will Services..." or "Amber actions" look like a person: Will, Mark, Bill, Amber, Hope,
Faith, Joy, Dawn, Summer, Sky, River, Angel, Frank, Chase, Rob, Sue, Pat, Grace, Art, Major,
Rich, Guy, Grant, Christian, Sunny, Norman, Royal, Early, and the month names April, May, June
and August.
"""

from __future__ import annotations

# fmt: off
_GIRLS = """
Aaliyah Abbie Abby Abigail Ada Adele Aisha Alana Alexa Alexandra Alexis Alice Alicia Alisha
Alison Amanda Amelia Amelie Amina Amy Ana Andrea Angela Angelina Anita Ann Anna Anne Annie
Antonia Aria Ariana Ashleigh Ashley Aurora Ava Ayesha Barbara Beatrice Becky Belinda Bella
Beth Bethany Betty Beverley Bonnie Brenda Bridget Brooke Caitlin Callie Cameron Carla Carly
Carmen Caroline Carrie Cassie Catherine Cathy Celia Chantelle Charlene Charlie Charlotte
Chelsea Cheryl Chloe Christina Christine Ciara Claire Clara Clare Courtney Danielle Daisy
Darcey Darcie Darcy Debbie Deborah Demi Denise Diana Diane Donna Dorothy Edith Eileen Elaine
Eleanor Elise Eliza Elizabeth Ella Ellie Elsie Emilia Emily Emma Erin Esme Eva Evelyn Evie
Fatima Felicity Fiona Florence Francesca Freya Gabriella Gail Gemma Georgia Georgina
Gillian Gina Gloria Gracie Hailey Haleema Hannah Harley Harriet Hayley Hazel Heather Heidi
Helen Helena Hollie Holly Imogen India Irene Isabel Isabella Isabelle Isla Ivy Jacqueline
Jade Jane Janet Janice Jasmine Jayne Jean Jemma Jennifer Jenny Jessica Jill Jo Joanna Joanne
Jodie Josephine Joyce Judith Julia Julie Karen Kate Katherine Kathleen Kathryn Katie Kayla
Kayleigh Keeley Kelly Kerry Kim Kimberley Kirsty Kylie Lacey Laila Lara Laura Lauren Layla
Leah Leanne Lena Leona Lesley Lexi Lilly Lily Linda Lindsay Lisa Lola Lorraine Lottie Louise
Lucy Luna Lydia Lyla Maddison Madison Maisie Maria Marie Marion Martha Mary Matilda Maya
Megan Melanie Melissa Mia Michelle Millie Miriam Molly Monica Mya Nadia Nancy Naomi Natalie
Natasha Nia Nicola Nicole Niamh Nina Olivia Paige Pamela Patricia Paula Pauline Penelope
Phoebe Pippa Poppy Priya Rachel Rebecca Rebekah Regina Rhiannon Rita Robyn Rosa Rosie
Ruby Ruth Sadie Samantha Sandra Sara Sarah Scarlett Serena Shannon Sharon Shauna Sheila
Shelby Sian Sienna Simone Skye Sofia Sonia Sophia Sophie Stacey Stella Stephanie Susan
Suzanne Tamara Tanya Tara Teresa Tia Tiffany Tilly Tina Toni Tracey Tracy Valerie Vanessa
Victoria Violet Wendy Willow Yasmin Yvonne Zara Zoe Zainab Zuzanna
"""

_BOYS = """
Aaron Abdul Adam Adrian Ahmed Aidan Alan Albert Alex Alexander Alfie Ali Alistair Andrew
Andy Anthony Archie Arjun Arthur Ashton Austin Barry Ben Benjamin Bilal Blake Bobby Bradley
Brandon Brian Callum Calvin Carl Charles Chris Christopher Clive Colin Connor
Conor Craig Curtis Damian Damien Daniel Danny Darren Dave David Dean Declan Dennis Derek
Dexter Dominic Donald Douglas Dylan Eddie Edward Elijah Elliot Elliott Ethan Ewan Farhan
Finlay Finley Finn Francis Frankie Freddie Frederick Gareth Gary Gavin George Gerald Gordon
Graham Gregory Hamza Harrison Harry Harvey Hassan Hayden Henry Howard Hugo Hussain
Ian Ibrahim Isaac Ivan Jack Jackson Jacob Jake James Jamie Jason Jay Jayden Jeffrey Jeremy
Jesse Jim Jimmy Joe Joel John Johnny Jon Jonathan Jordan Joseph Josh Joshua Jude Julian
Justin Kai Karl Keith Kevin Kian Kieran Kyle Lee Leo Leon Leonard Levi Lewis Liam Lloyd
Logan Louie Louis Luca Lucas Luke Malcolm Marcus Mario Martin Mason Matthew Max Maxwell
Michael Mike Mohammed Mohammad Muhammad Nathan Neil Nicholas Nick Nigel Noah Oliver Ollie
Omar Oscar Owen Patrick Paul Peter Philip Phillip Raymond Reece Reggie Rhys Richard Riley
Robert Robbie Robin Rohan Roger Ronald Ronnie Ross Roy Rory Ryan Sam Samuel Scott Sean
Sebastian Shane Simon Stanley Stephen Steve Steven Stuart Terry Theo Theodore Thomas Tim
Timothy Toby Tom Tommy Tony Trevor Tyler Usman Victor Vincent Warren Wayne William Yusuf
Zac Zach Zachary Zain
"""
# fmt: on

FIRST_NAMES: frozenset[str] = frozenset((_GIRLS + _BOYS).split())
