"""Step-Audio-EditX's 24 kHz decoder folder (``CosyVoice-300M-25Hz``): the DiT flow.

The HiFT vocoder and the mel front end are the shared ones in ``backends.step.vocoder`` with the
folder's 24 kHz settings. Importing the model modules imports torch; ``config`` does not.
"""
