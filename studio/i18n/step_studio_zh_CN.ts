<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name></name>
    <message>
        <location filename="../ui/shell/toolbar.py" line="27"/>
        <source>Main</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <location filename="../ui/shell/keymap.py" line="40"/>
        <location filename="../ui/shell/toolbar.py" line="41"/>
        <source>Speak</source>
        <translation>朗读</translation>
    </message>
    <message>
        <location filename="../ui/shell/keymap.py" line="40"/>
        <source>Everywhere</source>
        <translation>任何地方</translation>
    </message>
    <message>
        <location filename="../ui/shell/keymap.py" line="40"/>
        <source>Take list</source>
        <translation>录音列表</translation>
    </message>
    <message>
        <location filename="../ui/shell/keymap.py" line="67"/>
        <source>Go to {workspace}</source>
        <translation>转到“{workspace}”</translation>
    </message>
    <message>
        <location filename="../ui/shell/toolbar.py" line="42"/>
        <source>Clone</source>
        <translation>克隆</translation>
    </message>
    <message>
        <location filename="../ui/edit/instruction_panel.py" line="37"/>
        <source>Speaking style</source>
        <translation>说话风格</translation>
    </message>
    <message>
        <location filename="../ui/edit/instruction_panel.py" line="39"/>
        <source>Add a sound (breath, laugh…)</source>
        <translation>插入声音（呼吸、笑声…）</translation>
    </message>
    <message>
        <location filename="../ui/edit/instruction_panel.py" line="40"/>
        <source>Remove silences</source>
        <translation>去除静音</translation>
    </message>
    <message>
        <location filename="../ui/edit/instruction_panel.py" line="45"/>
        <source>happy</source>
        <translation>高兴</translation>
    </message>
    <message>
        <location filename="../ui/edit/instruction_panel.py" line="45"/>
        <source>angry</source>
        <translation>生气</translation>
    </message>
    <message>
        <location filename="../ui/edit/instruction_panel.py" line="46"/>
        <source>sad</source>
        <translation>悲伤</translation>
    </message>
    <message>
        <location filename="../ui/edit/instruction_panel.py" line="46"/>
        <source>humour</source>
        <translation>幽默</translation>
    </message>
    <message>
        <location filename="../ui/edit/instruction_panel.py" line="47"/>
        <source>confusion</source>
        <translation>困惑</translation>
    </message>
    <message>
        <location filename="../ui/edit/instruction_panel.py" line="47"/>
        <source>disgusted</source>
        <translation>厌恶</translation>
    </message>
    <message>
        <location filename="../ui/edit/instruction_panel.py" line="48"/>
        <source>empathy</source>
        <translation>共情</translation>
    </message>
    <message>
        <location filename="../ui/edit/instruction_panel.py" line="48"/>
        <source>embarrassed</source>
        <translation>尴尬</translation>
    </message>
    <message>
        <location filename="../ui/edit/instruction_panel.py" line="49"/>
        <source>fear</source>
        <translation>恐惧</translation>
    </message>
    <message>
        <location filename="../ui/edit/instruction_panel.py" line="49"/>
        <source>surprised</source>
        <translation>惊讶</translation>
    </message>
    <message>
        <location filename="../ui/edit/instruction_panel.py" line="50"/>
        <source>excited</source>
        <translation>兴奋</translation>
    </message>
    <message>
        <location filename="../ui/edit/instruction_panel.py" line="50"/>
        <source>depressed</source>
        <translation>沮丧</translation>
    </message>
    <message>
        <location filename="../ui/edit/instruction_panel.py" line="51"/>
        <source>cold</source>
        <translation>冷漠</translation>
    </message>
    <message>
        <location filename="../ui/edit/instruction_panel.py" line="51"/>
        <source>admiration</source>
        <translation>钦佩</translation>
    </message>
    <message>
        <location filename="../ui/edit/instruction_panel.py" line="52"/>
        <source>remove (neutral)</source>
        <translation>去除（中性）</translation>
    </message>
    <message>
        <location filename="../ui/edit/instruction_panel.py" line="53"/>
        <source>serious</source>
        <translation>严肃</translation>
    </message>
    <message>
        <location filename="../ui/edit/instruction_panel.py" line="53"/>
        <source>arrogant</source>
        <translation>傲慢</translation>
    </message>
    <message>
        <location filename="../ui/edit/instruction_panel.py" line="54"/>
        <source>child</source>
        <translation>孩童</translation>
    </message>
    <message>
        <location filename="../ui/edit/instruction_panel.py" line="54"/>
        <source>older</source>
        <translation>老年</translation>
    </message>
    <message>
        <location filename="../ui/edit/instruction_panel.py" line="55"/>
        <source>girl</source>
        <translation>少女</translation>
    </message>
    <message>
        <location filename="../ui/edit/instruction_panel.py" line="55"/>
        <source>pure</source>
        <translation>清纯</translation>
    </message>
    <message>
        <location filename="../ui/edit/instruction_panel.py" line="56"/>
        <source>big sister</source>
        <translation>御姐</translation>
    </message>
    <message>
        <location filename="../ui/edit/instruction_panel.py" line="56"/>
        <source>sweet</source>
        <translation>甜美</translation>
    </message>
    <message>
        <location filename="../ui/edit/instruction_panel.py" line="57"/>
        <source>ethereal</source>
        <translation>空灵</translation>
    </message>
    <message>
        <location filename="../ui/edit/instruction_panel.py" line="57"/>
        <source>whisper</source>
        <translation>耳语</translation>
    </message>
    <message>
        <location filename="../ui/edit/instruction_panel.py" line="58"/>
        <source>gentle</source>
        <translation>温柔</translation>
    </message>
    <message>
        <location filename="../ui/edit/instruction_panel.py" line="58"/>
        <source>recitation</source>
        <translation>朗诵</translation>
    </message>
    <message>
        <location filename="../ui/edit/instruction_panel.py" line="59"/>
        <source>generous</source>
        <translation>大方</translation>
    </message>
    <message>
        <location filename="../ui/edit/instruction_panel.py" line="59"/>
        <source>acting coy</source>
        <translation>撒娇</translation>
    </message>
    <message>
        <location filename="../ui/edit/instruction_panel.py" line="60"/>
        <source>warm</source>
        <translation>温暖</translation>
    </message>
    <message>
        <location filename="../ui/edit/instruction_panel.py" line="60"/>
        <source>shy</source>
        <translation>害羞</translation>
    </message>
    <message>
        <location filename="../ui/edit/instruction_panel.py" line="61"/>
        <source>comforting</source>
        <translation>安慰</translation>
    </message>
    <message>
        <location filename="../ui/edit/instruction_panel.py" line="61"/>
        <source>authoritative</source>
        <translation>权威</translation>
    </message>
    <message>
        <location filename="../ui/edit/instruction_panel.py" line="62"/>
        <source>chatty</source>
        <translation>闲聊</translation>
    </message>
    <message>
        <location filename="../ui/edit/instruction_panel.py" line="62"/>
        <source>radio host</source>
        <translation>电台主播</translation>
    </message>
    <message>
        <location filename="../ui/edit/instruction_panel.py" line="63"/>
        <source>soulful</source>
        <translation>深情</translation>
    </message>
    <message>
        <location filename="../ui/edit/instruction_panel.py" line="63"/>
        <source>storytelling</source>
        <translation>讲故事</translation>
    </message>
    <message>
        <location filename="../ui/edit/instruction_panel.py" line="64"/>
        <source>vivid</source>
        <translation>生动</translation>
    </message>
    <message>
        <location filename="../ui/edit/instruction_panel.py" line="64"/>
        <source>programme host</source>
        <translation>节目主持</translation>
    </message>
    <message>
        <location filename="../ui/edit/instruction_panel.py" line="65"/>
        <source>newsreader</source>
        <translation>新闻播报</translation>
    </message>
    <message>
        <location filename="../ui/edit/instruction_panel.py" line="65"/>
        <source>advertising</source>
        <translation>广告</translation>
    </message>
    <message>
        <location filename="../ui/edit/instruction_panel.py" line="66"/>
        <source>roar</source>
        <translation>咆哮</translation>
    </message>
    <message>
        <location filename="../ui/edit/instruction_panel.py" line="66"/>
        <source>murmur</source>
        <translation>低语</translation>
    </message>
    <message>
        <location filename="../ui/edit/instruction_panel.py" line="67"/>
        <source>shout</source>
        <translation>大喊</translation>
    </message>
    <message>
        <location filename="../ui/edit/instruction_panel.py" line="67"/>
        <source>deep</source>
        <translation>低沉</translation>
    </message>
    <message>
        <location filename="../ui/edit/instruction_panel.py" line="68"/>
        <source>loud</source>
        <translation>响亮</translation>
    </message>
    <message>
        <location filename="../ui/edit/instruction_panel.py" line="68"/>
        <source>exaggerated</source>
        <translation>夸张</translation>
    </message>
    <message>
        <location filename="../ui/edit/instruction_panel.py" line="69"/>
        <source>breathing</source>
        <translation>呼吸</translation>
    </message>
    <message>
        <location filename="../ui/edit/instruction_panel.py" line="69"/>
        <source>laughter</source>
        <translation>笑声</translation>
    </message>
    <message>
        <location filename="../ui/edit/instruction_panel.py" line="70"/>
        <source>sigh</source>
        <translation>叹气</translation>
    </message>
    <message>
        <location filename="../ui/edit/instruction_panel.py" line="70"/>
        <source>uhm</source>
        <translation>嗯（犹豫）</translation>
    </message>
    <message>
        <location filename="../ui/edit/instruction_panel.py" line="71"/>
        <source>surprise (oh)</source>
        <translation>惊讶（哦）</translation>
    </message>
    <message>
        <location filename="../ui/edit/instruction_panel.py" line="72"/>
        <source>surprise (ah)</source>
        <translation>惊讶（啊）</translation>
    </message>
    <message>
        <location filename="../ui/edit/instruction_panel.py" line="73"/>
        <source>surprise (wa)</source>
        <translation>惊讶（哇）</translation>
    </message>
    <message>
        <location filename="../ui/edit/instruction_panel.py" line="74"/>
        <source>confirmation (en)</source>
        <translation>确认（嗯）</translation>
    </message>
    <message>
        <location filename="../ui/edit/instruction_panel.py" line="75"/>
        <source>question (ei)</source>
        <translation>疑问（欸）</translation>
    </message>
    <message>
        <location filename="../ui/edit/instruction_panel.py" line="76"/>
        <source>dissatisfaction (hnn)</source>
        <translation>不满（哼）</translation>
    </message>
    <message>
        <location filename="../ui/edit/instruction_panel.py" line="86"/>
        <source>approximated</source>
        <translation>近似实现</translation>
    </message>
    <message>
        <location filename="../ui/edit/instruction_panel.py" line="87"/>
        <source>not possible</source>
        <translation>无法实现</translation>
    </message>
    <message>
        <location filename="../ui/edit/instruction_panel.py" line="104"/>
        <location filename="../ui/edit/instruction_panel.py" line="156"/>
        <source>Waiting for an engine…</source>
        <translation>正在等待引擎…</translation>
    </message>
    <message>
        <location filename="../ui/edit/instruction_panel.py" line="111"/>
        <location filename="../ui/edit/instruction_panel.py" line="113"/>
        <location filename="../ui/shell/keymap.py" line="41"/>
        <location filename="../ui/shell/toolbar.py" line="43"/>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <location filename="../ui/edit/instruction_panel.py" line="115"/>
        <location filename="../ui/edit/instruction_panel.py" line="116"/>
        <source>Value</source>
        <translation>取值</translation>
    </message>
    <message>
        <location filename="../ui/edit/instruction_panel.py" line="118"/>
        <location filename="../ui/edit/instruction_panel.py" line="119"/>
        <source>Amount</source>
        <translation>幅度</translation>
    </message>
    <message>
        <location filename="../ui/edit/instruction_panel.py" line="122"/>
        <source>Feed each result into the next edit; every iteration is kept as a version you can hear and restore</source>
        <translation>把每次的结果作为下一次编辑的输入；每一轮都保存为一个可试听、可恢复的版本</translation>
    </message>
    <message>
        <location filename="../ui/edit/instruction_panel.py" line="124"/>
        <source>Repeat</source>
        <translation>重复</translation>
    </message>
    <message>
        <location filename="../ui/edit/instruction_panel.py" line="134"/>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <location filename="../ui/edit/instruction_panel.py" line="135"/>
        <source>Apply to the selection, or to the whole recording when nothing is selected; the ends move to the nearest pauses</source>
        <translation>应用到选区；未选择时应用到整段录音。选区两端会移到最近的停顿处</translation>
    </message>
    <message>
        <location filename="../ui/edit/instruction_panel.py" line="160"/>
        <location filename="../ui/edit/page.py" line="247"/>
        <source>{name} cannot edit recordings by instruction; choose an engine that lists edits.</source>
        <translation>{name} 不能按指令编辑录音；请选择一个列出编辑功能的引擎。</translation>
    </message>
    <message>
        <location filename="../ui/edit/instruction_panel.py" line="163"/>
        <source>Edits through {name}:</source>
        <translation>通过 {name} 编辑：</translation>
    </message>
    <message>
        <location filename="../ui/edit/instruction_panel.py" line="224"/>
        <source> semitones</source>
        <translation> 个半音</translation>
    </message>
    <message>
        <location filename="../ui/edit/instruction_panel.py" line="229"/>
        <source>Native:</source>
        <translation>原生支持：</translation>
    </message>
    <message>
        <location filename="../ui/edit/instruction_panel.py" line="229"/>
        <source>Approximated:</source>
        <translation>近似实现：</translation>
    </message>
    <message>
        <location filename="../ui/edit/instruction_panel.py" line="230"/>
        <source>Not possible:</source>
        <translation>无法实现：</translation>
    </message>
    <message>
        <location filename="../ui/edit/instruction_panel.py" line="233"/>
        <source>The sound goes at the cursor (click the waveform), or where the selection starts.</source>
        <translation>声音加在光标处（单击波形），或选区开始处。</translation>
    </message>
    <message>
        <location filename="../ui/edit/instruction_panel.py" line="241"/>
        <source>{name} does not offer this edit.</source>
        <translation>{name} 不提供这种编辑。</translation>
    </message>
    <message>
        <source>Edit is not built yet: trimming, fades and model edits of a selected span are planned.</source>
        <translation type="vanished">“编辑”尚未实现：计划支持对选定片段裁剪、淡入淡出和模型编辑。</translation>
    </message>
    <message>
        <location filename="../ui/shell/toolbar.py" line="44"/>
        <source>Chat</source>
        <translation>对话</translation>
    </message>
    <message>
        <location filename="../ui/shell/toolbar.py" line="62"/>
        <source>Write text and hear it spoken</source>
        <translation>输入文字并听到朗读</translation>
    </message>
    <message>
        <location filename="../ui/shell/toolbar.py" line="64"/>
        <source>Edit any recording by selection: cut, fades, loudness, denoise, speed and pitch, with undo</source>
        <translation>按选区编辑任意录音：剪切、淡入淡出、响度、降噪、语速和音高，均可撤销</translation>
    </message>
    <message>
        <location filename="../ui/shell/toolbar.py" line="67"/>
        <source>Talk with a model through the microphone and hear it answer</source>
        <translation>通过麦克风与模型对话，并听到它的语音回复</translation>
    </message>
    <message>
        <location filename="../ui/shell/toolbar.py" line="69"/>
        <source>Make a voice from a few seconds of speech; your voice library</source>
        <translation>用几秒钟的语音制作音色；管理你的音色库</translation>
    </message>
    <message>
        <location filename="../ui/clone/voices_page.py" line="331"/>
        <location filename="../ui/shell/toolbar.py" line="80"/>
        <location filename="../ui/shell/toolbar.py" line="83"/>
        <location filename="../../widgets/take_details.py" line="95"/>
        <source>Engine</source>
        <translation>引擎</translation>
    </message>
    <message>
        <location filename="../ui/shell/toolbar.py" line="84"/>
        <source>Finding engines…</source>
        <translation>正在查找引擎…</translation>
    </message>
    <message>
        <location filename="../ui/chat/controls.py" line="78"/>
        <location filename="../ui/chat/controls.py" line="89"/>
        <location filename="../ui/shell/toolbar.py" line="91"/>
        <source>Output</source>
        <translation>输出</translation>
    </message>
    <message>
        <location filename="../ui/shell/toolbar.py" line="95"/>
        <source>Audio output device</source>
        <translation>音频输出设备</translation>
    </message>
    <message>
        <location filename="../ui/shell/toolbar.py" line="96"/>
        <source>Looking for audio devices…</source>
        <translation>正在查找音频设备…</translation>
    </message>
    <message>
        <location filename="../ui/clone/wizard.py" line="86"/>
        <source>New voice</source>
        <translation>新建音色</translation>
    </message>
    <message>
        <location filename="../ui/clone/preview_step.py" line="176"/>
        <location filename="../ui/clone/source_step.py" line="174"/>
        <location filename="../ui/clone/wizard.py" line="131"/>
        <location filename="../ui/edit/instruction_panel.py" line="138"/>
        <location filename="../ui/edit/words_panel.py" line="82"/>
        <location filename="../ui/shell/data_folder_dialog.py" line="187"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../ui/clone/wizard.py" line="132"/>
        <source>Leave the wizard; nothing is saved</source>
        <translation>退出向导，不保存任何内容</translation>
    </message>
    <message>
        <location filename="../ui/clone/wizard.py" line="135"/>
        <source>Back</source>
        <translation>上一步</translation>
    </message>
    <message>
        <location filename="../ui/clone/wizard.py" line="136"/>
        <location filename="../ui/clone/wizard.py" line="258"/>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
    <message>
        <location filename="../ui/clone/source_step.py" line="57"/>
        <source>About 5 to 10 seconds of one person speaking naturally, in a quiet room, works best. Longer recordings are fine: the next step finds the best part.</source>
        <translation>最好是在安静房间里单人自然说话约 5–10 秒。更长的录音也可以：下一步会自动找出最合适的片段。</translation>
    </message>
    <message>
        <location filename="../ui/clone/source_step.py" line="64"/>
        <location filename="../ui/clone/source_step.py" line="80"/>
        <location filename="../ui/clone/source_step.py" line="207"/>
        <location filename="../ui/clone/source_step.py" line="232"/>
        <location filename="../ui/clone/source_step.py" line="250"/>
        <source>Record</source>
        <translation>录制</translation>
    </message>
    <message>
        <location filename="../ui/chat/transcript.py" line="34"/>
        <source>You</source>
        <translation>你</translation>
    </message>
    <message>
        <location filename="../ui/chat/transcript.py" line="34"/>
        <source>Assistant</source>
        <translation>助手</translation>
    </message>
    <message>
        <location filename="../ui/chat/transcript.py" line="79"/>
        <source>Conversation</source>
        <translation>对话</translation>
    </message>
    <message>
        <location filename="../ui/chat/model_dialog.py" line="40"/>
        <source>Set Up a Chat Model</source>
        <translation>设置对话模型</translation>
    </message>
    <message>
        <location filename="../ui/chat/model_dialog.py" line="47"/>
        <source>Replies are written by a chat model and spoken by the current engine&apos;s voice. Choose where the model runs.</source>
        <translation>回复由对话模型撰写，并用当前引擎的声音朗读。请选择模型的运行位置。</translation>
    </message>
    <message>
        <location filename="../ui/chat/model_dialog.py" line="62"/>
        <source>The small offline model on this computer (Qwen2.5-Coder 0.5B): for trying Chat; short, simple answers</source>
        <translation>本机上的小型离线模型（Qwen2.5-Coder 0.5B）：用于试用对话；回答简短、简单</translation>
    </message>
    <message>
        <location filename="../ui/chat/model_dialog.py" line="54"/>
        <source>An OpenAI-compatible server (vLLM, llama.cpp, Ollama, step-studio serve)</source>
        <translation>兼容 OpenAI 的服务器（vLLM、llama.cpp、Ollama、step-studio serve）</translation>
    </message>
    <message>
        <location filename="../ui/chat/model_dialog.py" line="53"/>
        <source>The small offline model (Qwen2.5-Coder 0.5B), for trying</source>
        <translation>小型离线模型（Qwen2.5-Coder 0.5B），供试用</translation>
    </message>
    <message>
        <location filename="../ui/chat/model_dialog.py" line="56"/>
        <source>Step-Audio-Chat on a GPU host (served by vLLM)</source>
        <translation>GPU 主机上的 Step-Audio-Chat（由 vLLM 提供服务）</translation>
    </message>
    <message>
        <location filename="../ui/chat/model_dialog.py" line="57"/>
        <source>A local transformers model folder (needs torch)</source>
        <translation>本地 transformers 模型文件夹（需要 torch）</translation>
    </message>
    <message>
        <location filename="../ui/chat/model_dialog.py" line="66"/>
        <source>Not installed: {0}</source>
        <translation>未安装：{0}</translation>
    </message>
    <message>
        <location filename="../ui/chat/model_dialog.py" line="72"/>
        <source>the model name the server serves, e.g. qwen2.5-7b-instruct</source>
        <translation>服务器提供的模型名称，例如 qwen2.5-7b-instruct</translation>
    </message>
    <message>
        <location filename="../ui/chat/model_dialog.py" line="75"/>
        <source>optional; stored in plain text in the settings file</source>
        <translation>可选；以明文保存在设置文件中</translation>
    </message>
    <message>
        <location filename="../ui/chat/model_dialog.py" line="78"/>
        <source>a folder with config.json, weights and tokenizer</source>
        <translation>包含 config.json、权重和分词器的文件夹</translation>
    </message>
    <message>
        <location filename="../ui/chat/model_dialog.py" line="79"/>
        <location filename="../ui/shell/engine_setup_dialog.py" line="258"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../ui/chat/model_dialog.py" line="86"/>
        <source>Server URL</source>
        <translation>服务器 URL</translation>
    </message>
    <message>
        <location filename="../ui/chat/model_dialog.py" line="87"/>
        <source>Model name</source>
        <translation>模型名称</translation>
    </message>
    <message>
        <location filename="../ui/chat/model_dialog.py" line="89"/>
        <source>Model folder</source>
        <translation>模型文件夹</translation>
    </message>
    <message>
        <location filename="../ui/chat/model_dialog.py" line="130"/>
        <source>Choose a transformers model folder</source>
        <translation>选择 transformers 模型文件夹</translation>
    </message>
    <message>
        <location filename="../ui/chat/model_dialog.py" line="158"/>
        <source>Testing {0}…</source>
        <translation>正在测试 {0}…</translation>
    </message>
    <message>
        <location filename="../ui/chat/model_dialog.py" line="165"/>
        <source>{0} answers.</source>
        <translation>{0} 已响应。</translation>
    </message>
    <message>
        <location filename="../ui/chat/model_dialog.py" line="204"/>
        <source>No chat model is set up. Spoken replies need a model that writes them; choose one of:
• an OpenAI-compatible server (vLLM, llama.cpp, Ollama or a step-studio serve server): its URL, e.g. http://127.0.0.1:8000/v1, and the model name it serves;
• Step-Audio-Chat on a GPU host (vLLM with --served-model-name step-audio-chat): its URL;
• a local transformers model folder (config.json, weights and tokenizer; needs torch);
• or restore the small offline model that comes with the studio: {0}</source>
        <translation>尚未设置对话模型。语音回复需要一个撰写回复的模型；请选择其一：
• OpenAI 兼容的服务器（vLLM、llama.cpp、Ollama 或 step-studio serve 服务器）：填写它的 URL（例如 http://127.0.0.1:8000/v1）和它提供的模型名称；
• GPU 主机上的 Step-Audio-Chat（vLLM，使用 --served-model-name step-audio-chat）：填写它的 URL；
• 本地 transformers 模型文件夹（config.json、权重和分词器；需要 torch）；
• 或恢复工作室自带的小型离线模型：{0}</translation>
    </message>
    <message>
        <location filename="../ui/chat/controls.py" line="73"/>
        <location filename="../ui/chat/controls.py" line="89"/>
        <location filename="../ui/clone/source_step.py" line="66"/>
        <location filename="../ui/clone/source_step.py" line="68"/>
        <source>Microphone</source>
        <translation>麦克风</translation>
    </message>
    <message>
        <location filename="../ui/chat/controls.py" line="75"/>
        <location filename="../ui/clone/source_step.py" line="69"/>
        <location filename="../ui/clone/source_step.py" line="85"/>
        <source>Looking for microphones…</source>
        <translation>正在查找麦克风…</translation>
    </message>
    <message>
        <location filename="../ui/chat/controls.py" line="80"/>
        <source>Looking for speakers…</source>
        <translation>正在查找扬声器…</translation>
    </message>
    <message>
        <location filename="../ui/chat/controls.py" line="83"/>
        <source>Echo handling</source>
        <translation>回声处理</translation>
    </message>
    <message>
        <location filename="../ui/chat/controls.py" line="84"/>
        <source>Headphones</source>
        <translation>耳机</translation>
    </message>
    <message>
        <location filename="../ui/chat/controls.py" line="85"/>
        <source>Speakers</source>
        <translation>扬声器</translation>
    </message>
    <message>
        <location filename="../ui/chat/controls.py" line="86"/>
        <source>Headphones: the microphone cannot hear replies. Speakers: the microphone is gated while a reply plays, so the assistant does not hear itself; speak up to interrupt.</source>
        <translation>耳机：麦克风听不到回复。扬声器：回复播放期间会抑制麦克风输入，助手不会听到自己的声音；提高音量说话即可打断。</translation>
    </message>
    <message>
        <location filename="../ui/chat/controls.py" line="90"/>
        <source>Listening with</source>
        <translation>收听方式</translation>
    </message>
    <message>
        <location filename="../ui/chat/controls.py" line="100"/>
        <location filename="../ui/chat/controls.py" line="124"/>
        <source>Persona</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../ui/chat/controls.py" line="101"/>
        <source>No persona (plain assistant)</source>
        <translation>无角色（普通助手）</translation>
    </message>
    <message>
        <location filename="../ui/chat/controls.py" line="110"/>
        <source>Turn-taking preset</source>
        <translation>轮次检测预设</translation>
    </message>
    <message>
        <location filename="../ui/chat/controls.py" line="111"/>
        <source>Quiet room</source>
        <translation>安静房间</translation>
    </message>
    <message>
        <location filename="../ui/chat/controls.py" line="111"/>
        <source>Noisy room</source>
        <translation>嘈杂房间</translation>
    </message>
    <message>
        <location filename="../ui/chat/controls.py" line="112"/>
        <source>Slow speaker</source>
        <translation>语速较慢</translation>
    </message>
    <message>
        <location filename="../ui/chat/controls.py" line="114"/>
        <source>How eagerly the assistant takes its turn: a noisy room needs louder speech; a slow speaker gets longer pauses before the turn ends.</source>
        <translation>助手接话的积极程度：嘈杂房间需要更大声地说话；语速较慢时，会等待更长的停顿再结束本轮。</translation>
    </message>
    <message>
        <location filename="../ui/chat/controls.py" line="117"/>
        <source>The language you speak</source>
        <translation>你说的语言</translation>
    </message>
    <message>
        <location filename="../ui/chat/controls.py" line="119"/>
        <location filename="../ui/edit/words_panel.py" line="31"/>
        <source>English</source>
        <translation>英语</translation>
    </message>
    <message>
        <location filename="../ui/chat/controls.py" line="119"/>
        <source>Mandarin Chinese</source>
        <translation>普通话</translation>
    </message>
    <message>
        <location filename="../ui/chat/controls.py" line="120"/>
        <source>Another language (detected)</source>
        <translation>其他语言（自动识别）</translation>
    </message>
    <message>
        <location filename="../ui/chat/controls.py" line="125"/>
        <source>Turn-taking</source>
        <translation>轮次检测</translation>
    </message>
    <message>
        <location filename="../ui/chat/controls.py" line="125"/>
        <source>You speak</source>
        <translation>你说的语言</translation>
    </message>
    <message>
        <location filename="../ui/chat/controls.py" line="131"/>
        <source>The chat model that writes the replies; click to change it</source>
        <translation>撰写回复的对话模型；点击可更改</translation>
    </message>
    <message>
        <location filename="../ui/chat/controls.py" line="135"/>
        <location filename="../ui/chat/page.py" line="553"/>
        <source>Start conversation</source>
        <translation>开始对话</translation>
    </message>
    <message>
        <location filename="../ui/chat/controls.py" line="138"/>
        <source>Interrupt</source>
        <translation>打断</translation>
    </message>
    <message>
        <location filename="../ui/chat/controls.py" line="139"/>
        <source>Stop the reply now (Esc)</source>
        <translation>立即停止回复（Esc）</translation>
    </message>
    <message>
        <location filename="../ui/chat/controls.py" line="140"/>
        <source>Hands-free</source>
        <translation>免提</translation>
    </message>
    <message>
        <location filename="../ui/chat/controls.py" line="141"/>
        <source>Push to talk</source>
        <translation>按键说话</translation>
    </message>
    <message>
        <location filename="../ui/chat/controls.py" line="146"/>
        <source>Hold to talk (F8)</source>
        <translation>按住说话（F8）</translation>
    </message>
    <message>
        <location filename="../ui/chat/controls.py" line="147"/>
        <location filename="../ui/chat/page.py" line="565"/>
        <source>Hold this button, or the F8 key, while you speak</source>
        <translation>说话时按住此按钮或 F8 键</translation>
    </message>
    <message>
        <location filename="../ui/chat/controls.py" line="150"/>
        <location filename="../ui/chat/page.py" line="397"/>
        <location filename="../ui/chat/page.py" line="414"/>
        <source>Not started</source>
        <translation>未开始</translation>
    </message>
    <message>
        <location filename="../ui/chat/entry.py" line="35"/>
        <source>Type a message and press Enter (works without a microphone)</source>
        <translation>输入消息并按 Enter（无需麦克风）</translation>
    </message>
    <message>
        <location filename="../ui/chat/entry.py" line="37"/>
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <location filename="../ui/chat/entry.py" line="38"/>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <location filename="../ui/chat/entry.py" line="51"/>
        <source>Choose the server or model folder that writes the replies</source>
        <translation>选择负责撰写回复的服务器或模型文件夹</translation>
    </message>
    <message>
        <location filename="../ui/chat/entry.py" line="75"/>
        <source>The conversation is starting; send in a moment.</source>
        <translation>对话正在启动；请稍后再发送。</translation>
    </message>
    <message>
        <location filename="../ui/chat/entry.py" line="78"/>
        <source>Send needs a chat model to write the reply: choose the small offline model, connect an OpenAI-compatible server (vLLM, llama.cpp, Ollama or step-studio serve) or Step-Audio-Chat on a GPU host, or choose a local model folder.</source>
        <translation>发送需要一个对话模型来撰写回复：请选择小型离线模型，连接 OpenAI 兼容的服务器（vLLM、llama.cpp、Ollama 或 step-studio serve）或 GPU 主机上的 Step-Audio-Chat，或选择本地模型文件夹。</translation>
    </message>
    <message>
        <location filename="../ui/chat/entry.py" line="82"/>
        <source>Send needs a chat model to write the reply, and the small offline model that comes with the studio is not installed ({0}): restore it, or connect an OpenAI-compatible server (vLLM, llama.cpp, Ollama or step-studio serve) or Step-Audio-Chat on a GPU host, or choose a local model folder.</source>
        <translation>发送需要一个对话模型来撰写回复，而工作室自带的小型离线模型未安装（{0}）：请恢复它，或连接 OpenAI 兼容的服务器（vLLM、llama.cpp、Ollama 或 step-studio serve）或 GPU 主机上的 Step-Audio-Chat，或选择本地模型文件夹。</translation>
    </message>
    <message>
        <source>Send needs a chat model to write the reply: connect an OpenAI-compatible server (vLLM, llama.cpp, Ollama or step-studio serve) or Step-Audio-Chat on a GPU host, or choose a local model folder.</source>
        <translation type="vanished">发送需要一个聊天模型来撰写回复：请连接兼容 OpenAI 的服务器（vLLM、llama.cpp、Ollama 或 step-studio serve）或 GPU 主机上的 Step-Audio-Chat，或选择本地模型文件夹。</translation>
    </message>
    <message>
        <location filename="../ui/chat/entry.py" line="87"/>
        <source>No chat model is set up: set one up to send messages.</source>
        <translation>尚未设置聊天模型：请先设置一个，才能发送消息。</translation>
    </message>
    <message>
        <location filename="../ui/chat/entry.py" line="89"/>
        <source>Send needs the voice engine that speaks the reply, and it is not ready: {0} Choose another engine at the top right if it does not come.</source>
        <translation>发送需要朗读回复的语音引擎，但它尚未就绪：{0} 如果一直没有就绪，请在右上角另选一个引擎。</translation>
    </message>
    <message>
        <location filename="../ui/chat/entry.py" line="92"/>
        <source>The voice engine is not ready yet.</source>
        <translation>语音引擎尚未就绪。</translation>
    </message>
    <message>
        <location filename="../ui/chat/entry.py" line="94"/>
        <source>Type a message first.</source>
        <translation>请先输入消息。</translation>
    </message>
    <message>
        <location filename="../ui/chat/entry.py" line="96"/>
        <source>Send the message (Enter)</source>
        <translation>发送消息（Enter）</translation>
    </message>
    <message>
        <location filename="../ui/chat/live_turns.py" line="55"/>
        <source>Latency</source>
        <translation>延迟</translation>
    </message>
    <message>
        <location filename="../ui/chat/live_turns.py" line="58"/>
        <source>End of your speech → first reply audio, per turn, appears here.</source>
        <translation>每轮从你说完到听到回复首段音频的延迟显示在这里。</translation>
    </message>
    <message>
        <location filename="../ui/chat/sessions_panel.py" line="54"/>
        <location filename="../ui/chat/sessions_panel.py" line="59"/>
        <source>Saved conversations</source>
        <translation>已保存的对话</translation>
    </message>
    <message>
        <location filename="../ui/chat/sessions_panel.py" line="64"/>
        <source>Replay</source>
        <translation>回放</translation>
    </message>
    <message>
        <location filename="../ui/chat/model_dialog.py" line="200"/>
        <source>Set up a chat model to start talking</source>
        <translation>设置对话模型后即可开始对话</translation>
    </message>
    <message>
        <source>No chat model is set up. Spoken replies need a model that writes them; choose one of:
• an OpenAI-compatible server (vLLM, llama.cpp, Ollama or a step-studio serve server): its URL, e.g. http://127.0.0.1:8000/v1, and the model name it serves;
• Step-Audio-Chat on a GPU host (vLLM with --served-model-name step-audio-chat): its URL;
• a local transformers model folder (config.json, weights and tokenizer; needs torch).</source>
        <translation type="vanished">尚未设置对话模型。语音回复需要一个生成回复文本的模型，请选择以下其一：
• OpenAI 兼容服务器（vLLM、llama.cpp、Ollama 或 step-studio serve 服务器）：填写其地址（例如 http://127.0.0.1:8000/v1）和所提供的模型名称；
• GPU 主机上的 Step-Audio-Chat（vLLM，使用 --served-model-name step-audio-chat）：填写其地址；
• 本地 transformers 模型文件夹（包含 config.json、权重和分词器；需要 torch）。</translation>
    </message>
    <message>
        <location filename="../ui/chat/entry.py" line="50"/>
        <location filename="../ui/chat/model_dialog.py" line="216"/>
        <source>Set up a chat model…</source>
        <translation>设置对话模型…</translation>
    </message>
    <message>
        <location filename="../ui/chat/model_dialog.py" line="222"/>
        <source>Listening and speaking run here: speech recognition on this computer, replies spoken by the engine chosen at the top right.</source>
        <translation>收听和朗读都在这里进行：语音识别在本机运行，回复由右上角所选的引擎朗读。</translation>
    </message>
    <message>
        <location filename="../ui/chat/page.py" line="245"/>
        <source>Personas could not be read: {0}</source>
        <translation>无法读取角色：{0}</translation>
    </message>
    <message>
        <location filename="../ui/chat/page.py" line="249"/>
        <source>Saved conversations are unavailable: {0}</source>
        <translation>已保存的对话不可用：{0}</translation>
    </message>
    <message>
        <location filename="../ui/chat/controls.py" line="326"/>
        <source>Chat model: not set up</source>
        <translation>对话模型：未设置</translation>
    </message>
    <message>
        <location filename="../ui/chat/controls.py" line="327"/>
        <source>The chat model that writes the replies; click to set it up</source>
        <translation>撰写回复的对话模型；点击进行设置</translation>
    </message>
    <message>
        <location filename="../ui/chat/controls.py" line="329"/>
        <source>Model: offline (for trying)</source>
        <translation>模型：离线（供试用）</translation>
    </message>
    <message>
        <location filename="../ui/chat/controls.py" line="335"/>
        <source>Model: {0}</source>
        <translation>模型：{0}</translation>
    </message>
    <message>
        <location filename="../ui/chat/controls.py" line="336"/>
        <source>Replies are written by {0}; click to change it</source>
        <translation>回复由 {0} 撰写；点击可更改</translation>
    </message>
    <message>
        <location filename="../ui/chat/controls.py" line="303"/>
        <source>The engine&apos;s default voice</source>
        <translation>引擎的默认声音</translation>
    </message>
    <message>
        <location filename="../ui/chat/controls.py" line="205"/>
        <source>no persona</source>
        <translation>无角色</translation>
    </message>
    <message>
        <location filename="../ui/chat/controls.py" line="206"/>
        <source>Persona: {0}</source>
        <translation>角色：{0}</translation>
    </message>
    <message>
        <location filename="../ui/chat/controls.py" line="218"/>
        <source>{0} listens from the next conversation.</source>
        <translation>{0} 将从下一次对话开始收听。</translation>
    </message>
    <message>
        <source>Model: small offline model (for trying)</source>
        <translation type="vanished">模型：小型离线模型（供试用）</translation>
    </message>
    <message>
        <location filename="../ui/chat/controls.py" line="331"/>
        <source>Replies are written by the small offline model on this computer (Qwen2.5-Coder 0.5B): short, simple and sometimes wrong answers, for trying Chat. For real conversations click to connect Step-Audio-Chat or an OpenAI-compatible server.</source>
        <translation>回复由本机上的小型离线模型（Qwen2.5-Coder 0.5B）撰写：回答简短、简单，有时会出错，用于试用对话。要进行真正的对话，请点击连接 Step-Audio-Chat 或 OpenAI 兼容的服务器。</translation>
    </message>
    <message>
        <location filename="../ui/chat/controls.py" line="343"/>
        <source>What you say is recognised on this computer by {0}. English is heard by Whisper tiny.en (about twice as fast); other languages by the multilingual Whisper base.</source>
        <translation>你说的话由本机上的 {0} 识别。英语使用 Whisper tiny.en（速度约快一倍），其他语言使用多语言的 Whisper base。</translation>
    </message>
    <message>
        <location filename="../ui/chat/controls.py" line="225"/>
        <source>Turn-taking: {0}</source>
        <translation>轮次检测：{0}</translation>
    </message>
    <message>
        <location filename="../ui/chat/devices.py" line="56"/>
        <source>{0} Type your turns below; replies are still spoken.</source>
        <translation>{0}请在下方输入你的发言；回复仍会朗读出来。</translation>
    </message>
    <message>
        <location filename="../ui/chat/controls.py" line="276"/>
        <source>No speaker</source>
        <translation>没有扬声器</translation>
    </message>
    <message>
        <location filename="../ui/chat/devices.py" line="68"/>
        <source>No sound output: replies are written and saved, not played. {0}</source>
        <translation>无声音输出：回复只显示并保存，不会播放。{0}</translation>
    </message>
    <message>
        <location filename="../ui/chat/controls.py" line="230"/>
        <source>Speaker mode: the mic is gated while replies play</source>
        <translation>扬声器模式：回复播放期间抑制麦克风输入</translation>
    </message>
    <message>
        <location filename="../ui/chat/controls.py" line="232"/>
        <source>Headphone mode: no echo handling needed</source>
        <translation>耳机模式：无需回声处理</translation>
    </message>
    <message>
        <location filename="../ui/chat/controls.py" line="236"/>
        <source>Echo handling: {0}</source>
        <translation>回声处理：{0}</translation>
    </message>
    <message>
        <location filename="../ui/chat/controls.py" line="249"/>
        <source>{0} (from now on in this conversation)</source>
        <translation>{0}（在本次对话中立即生效）</translation>
    </message>
    <message>
        <location filename="../ui/chat/controls.py" line="253"/>
        <source>{0} applies from the next conversation.</source>
        <translation>{0} 将从下一次对话开始生效。</translation>
    </message>
    <message>
        <location filename="../ui/chat/page.py" line="90"/>
        <source>The engines are still being found.</source>
        <translation>仍在查找引擎。</translation>
    </message>
    <message>
        <location filename="../ui/chat/page.py" line="320"/>
        <source>Chat model set: {0}</source>
        <translation>已设置对话模型：{0}</translation>
    </message>
    <message>
        <location filename="../ui/chat/page.py" line="342"/>
        <source>The voice engine is still loading; start again in a moment.</source>
        <translation>语音引擎仍在加载，请稍后再开始。</translation>
    </message>
    <message>
        <location filename="../ui/chat/page.py" line="376"/>
        <source>Listening to typed turns</source>
        <translation>正在接收文字输入</translation>
    </message>
    <message>
        <location filename="../ui/chat/page.py" line="398"/>
        <source>The conversation could not start: {0}</source>
        <translation>无法开始对话：{0}</translation>
    </message>
    <message>
        <location filename="../ui/chat/page.py" line="566"/>
        <source>Start the conversation first; then hold this button, or F8, while you speak</source>
        <translation>请先开始对话；然后说话时按住此按钮或 F8</translation>
    </message>
    <message>
        <location filename="../ui/chat/devices.py" line="102"/>
        <source>Listening on {0}</source>
        <translation>正在通过 {0} 收听</translation>
    </message>
    <message>
        <location filename="../ui/chat/devices.py" line="103"/>
        <source>the microphone</source>
        <translation>麦克风</translation>
    </message>
    <message>
        <location filename="../ui/chat/devices.py" line="107"/>
        <source>{0} Type your turns below instead.</source>
        <translation>{0}请改为在下方输入你的发言。</translation>
    </message>
    <message>
        <location filename="../ui/chat/live_turns.py" line="111"/>
        <location filename="../ui/chat/page.py" line="439"/>
        <location filename="../ui/chat/transcript.py" line="153"/>
        <source>typed</source>
        <translation>文字输入</translation>
    </message>
    <message>
        <location filename="../ui/chat/page.py" line="455"/>
        <source>Listening</source>
        <translation>正在聆听</translation>
    </message>
    <message>
        <location filename="../ui/chat/page.py" line="455"/>
        <source>You are speaking</source>
        <translation>你正在说话</translation>
    </message>
    <message>
        <location filename="../ui/chat/page.py" line="456"/>
        <source>Pause: thinking ahead</source>
        <translation>停顿：预先思考中</translation>
    </message>
    <message>
        <location filename="../ui/chat/page.py" line="456"/>
        <source>Replying</source>
        <translation>正在回复</translation>
    </message>
    <message>
        <location filename="../ui/chat/live_turns.py" line="126"/>
        <source>hearing…</source>
        <translation>正在识别…</translation>
    </message>
    <message>
        <location filename="../ui/chat/live_turns.py" line="174"/>
        <source>Tool: {0}({1}) running…</source>
        <translation>工具：{0}({1}) 运行中…</translation>
    </message>
    <message>
        <location filename="../ui/chat/live_turns.py" line="176"/>
        <location filename="../ui/chat/transcript.py" line="149"/>
        <source>Tool: {0}({1}) → {2}</source>
        <translation>工具：{0}({1}) → {2}</translation>
    </message>
    <message>
        <location filename="../ui/chat/live_turns.py" line="193"/>
        <source> · speculative reply used</source>
        <translation> · 已使用预测回复</translation>
    </message>
    <message>
        <location filename="../ui/chat/live_turns.py" line="196"/>
        <source>Last turn: {0}</source>
        <translation>上一轮：{0}</translation>
    </message>
    <message>
        <location filename="../ui/chat/live_turns.py" line="196"/>
        <source>not measured</source>
        <translation>未测量</translation>
    </message>
    <message>
        <location filename="../ui/chat/live_turns.py" line="198"/>
        <source>Median over {0} turns: {1:.2f} s</source>
        <translation>{0} 轮的中位数：{1:.2f} 秒</translation>
    </message>
    <message>
        <location filename="../ui/chat/live_turns.py" line="205"/>
        <source>Speculative replies: {0} started · {1} used · {2} thrown away</source>
        <translation>预测回复：开始 {0} 个 · 使用 {1} 个 · 丢弃 {2} 个</translation>
    </message>
    <message>
        <location filename="../ui/chat/live_turns.py" line="212"/>
        <location filename="../ui/chat/transcript.py" line="155"/>
        <source>interrupted</source>
        <translation>已打断</translation>
    </message>
    <message>
        <location filename="../ui/chat/page.py" line="468"/>
        <source>Active: {0}</source>
        <translation>生效中：{0}</translation>
    </message>
    <message>
        <location filename="../ui/chat/page.py" line="485"/>
        <source>A turn could not be saved: {0}</source>
        <translation>无法保存一轮对话：{0}</translation>
    </message>
    <message>
        <location filename="../ui/chat/sessions_panel.py" line="106"/>
        <source> · live</source>
        <translation> · 进行中</translation>
    </message>
    <message>
        <location filename="../ui/chat/sessions_panel.py" line="108"/>
        <source>{0} turns</source>
        <translation>{0} 轮</translation>
    </message>
    <message>
        <location filename="../ui/chat/page.py" line="508"/>
        <source>Showing “{0}”</source>
        <translation>正在显示“{0}”</translation>
    </message>
    <message>
        <location filename="../ui/chat/page.py" line="525"/>
        <source>This conversation has no audio to replay.</source>
        <translation>此对话没有可回放的音频。</translation>
    </message>
    <message>
        <location filename="../ui/chat/page.py" line="531"/>
        <source>Replaying ({0:.1f} s); Interrupt stops it.</source>
        <translation>正在回放（{0:.1f} 秒）；点击“打断”可停止。</translation>
    </message>
    <message>
        <location filename="../ui/chat/sessions_panel.py" line="68"/>
        <location filename="../../widgets/take_list.py" line="346"/>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <location filename="../ui/chat/sessions_panel.py" line="123"/>
        <source>Saved conversations are being opened.</source>
        <translation>正在打开已保存的对话。</translation>
    </message>
    <message>
        <location filename="../ui/chat/sessions_panel.py" line="125"/>
        <source>No saved conversations yet: each conversation is saved here as you talk.</source>
        <translation>还没有已保存的对话：每次对话都会在进行时保存到这里。</translation>
    </message>
    <message>
        <location filename="../ui/chat/sessions_panel.py" line="127"/>
        <source>Choose a conversation in the list to replay, export, rename or delete it.</source>
        <translation>在列表中选择一个对话，即可重放、导出、重命名或删除它。</translation>
    </message>
    <message>
        <location filename="../ui/chat/sessions_panel.py" line="130"/>
        <source>Play the whole conversation as it was heard</source>
        <translation>按当时听到的样子播放整个对话</translation>
    </message>
    <message>
        <location filename="../ui/chat/sessions_panel.py" line="131"/>
        <source>Save the transcript and audio as Markdown, JSON or a zip</source>
        <translation>将文字记录和音频保存为 Markdown、JSON 或 zip</translation>
    </message>
    <message>
        <location filename="../ui/chat/sessions_panel.py" line="132"/>
        <source>Give the conversation a title</source>
        <translation>为对话设置标题</translation>
    </message>
    <message>
        <location filename="../ui/chat/sessions_panel.py" line="133"/>
        <source>Delete the conversation with its audio</source>
        <translation>删除对话及其音频</translation>
    </message>
    <message>
        <location filename="../ui/chat/sessions_panel.py" line="134"/>
        <source>Open the conversation as heard in the Edit workspace (the saved conversation is kept)</source>
        <translation>在“编辑”工作区中打开这段对话的实际音频（已保存的对话保持不变）</translation>
    </message>
    <message>
        <location filename="../ui/chat/sessions_panel.py" line="154"/>
        <source>This conversation has no audio to edit.</source>
        <translation>这段对话没有可编辑的音频。</translation>
    </message>
    <message>
        <location filename="../ui/chat/sessions_panel.py" line="169"/>
        <source>Export Conversation</source>
        <translation>导出对话</translation>
    </message>
    <message>
        <location filename="../ui/chat/sessions_panel.py" line="170"/>
        <source>Markdown transcript + FLAC audio (*.md);;JSON transcript + FLAC audio (*.json);;Everything in a zip (*.zip)</source>
        <translation>Markdown 转写文本 + FLAC 音频 (*.md);;JSON 转写文本 + FLAC 音频 (*.json);;全部打包为 zip (*.zip)</translation>
    </message>
    <message>
        <location filename="../ui/chat/sessions_panel.py" line="189"/>
        <source>Exported {0}</source>
        <translation>已导出 {0}</translation>
    </message>
    <message>
        <location filename="../ui/chat/sessions_panel.py" line="203"/>
        <source>Rename Conversation</source>
        <translation>重命名对话</translation>
    </message>
    <message>
        <location filename="../ui/chat/sessions_panel.py" line="203"/>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location filename="../ui/chat/sessions_panel.py" line="212"/>
        <source>Delete Conversation</source>
        <translation>删除对话</translation>
    </message>
    <message>
        <location filename="../ui/chat/sessions_panel.py" line="213"/>
        <source>Delete “{0}” with its audio? This cannot be undone.</source>
        <translation>删除“{0}”及其音频？此操作无法撤销。</translation>
    </message>
    <message>
        <location filename="../ui/chat/sessions_panel.py" line="141"/>
        <location filename="../ui/chat/sessions_panel.py" line="222"/>
        <source>Stop the conversation before deleting it.</source>
        <translation>请先停止对话，再将其删除。</translation>
    </message>
    <message>
        <location filename="../ui/chat/page.py" line="552"/>
        <source>Stop conversation</source>
        <translation>停止对话</translation>
    </message>
    <message>
        <location filename="../ui/chat/page.py" line="557"/>
        <source>Set up a chat model first</source>
        <translation>请先设置对话模型</translation>
    </message>
    <message>
        <location filename="../ui/chat/page.py" line="558"/>
        <source>Waiting for the voice engine to load</source>
        <translation>正在等待语音引擎加载</translation>
    </message>
    <message>
        <location filename="../ui/chat/page.py" line="560"/>
        <source>Start listening; every turn is saved as it ends</source>
        <translation>开始收听；每轮结束时自动保存</translation>
    </message>
    <message>
        <location filename="../ui/clone/source_step.py" line="92"/>
        <source>Import a file</source>
        <translation>导入文件</translation>
    </message>
    <message>
        <location filename="../ui/clone/source_step.py" line="93"/>
        <source>Drop an audio file here

WAV, FLAC, OGG or MP3</source>
        <translation>将音频文件拖放到此处

WAV、FLAC、OGG 或 MP3</translation>
    </message>
    <message>
        <location filename="../ui/clone/source_step.py" line="98"/>
        <source>Choose a file…</source>
        <translation>选择文件…</translation>
    </message>
    <message>
        <location filename="../ui/clone/check_step.py" line="77"/>
        <location filename="../ui/clone/check_step.py" line="148"/>
        <source>Choose or record a clip first.</source>
        <translation>请先选择或录制一段音频。</translation>
    </message>
    <message>
        <location filename="../ui/clone/check_step.py" line="86"/>
        <source>Trim to the selection</source>
        <translation>裁剪到选区</translation>
    </message>
    <message>
        <location filename="../ui/clone/check_step.py" line="88"/>
        <source>Keep only the highlighted window; drag it or its edges to change it</source>
        <translation>只保留高亮区域；拖动区域或其边缘可调整</translation>
    </message>
    <message>
        <location filename="../ui/clone/check_step.py" line="89"/>
        <location filename="../ui/edit/history_panel.py" line="27"/>
        <location filename="../ui/edit/page.py" line="458"/>
        <source>Normalise loudness</source>
        <translation>响度归一化</translation>
    </message>
    <message>
        <location filename="../ui/clone/check_step.py" line="91"/>
        <source>Reduce background noise</source>
        <translation>背景降噪</translation>
    </message>
    <message>
        <location filename="../ui/clone/check_step.py" line="92"/>
        <source>Helps with hiss and hum; leave it off for clean recordings, it can dull the voice</source>
        <translation>可减轻嘶嘶声和嗡嗡声；干净的录音请勿开启，否则声音可能发闷</translation>
    </message>
    <message>
        <location filename="../ui/clone/check_step.py" line="98"/>
        <source>A: original</source>
        <translation>A：原始</translation>
    </message>
    <message>
        <location filename="../ui/clone/check_step.py" line="100"/>
        <source>B: prepared</source>
        <translation>B：处理后</translation>
    </message>
    <message>
        <location filename="../ui/clone/check_step.py" line="190"/>
        <source>A good reference.</source>
        <translation>这是一段优质的参考音频。</translation>
    </message>
    <message>
        <location filename="../ui/clone/check_step.py" line="191"/>
        <source>Usable, with the warnings below.</source>
        <translation>可以使用，但请注意以下警告。</translation>
    </message>
    <message>
        <location filename="../ui/clone/check_step.py" line="192"/>
        <source>This clip has problems: a clone made from it will suffer.</source>
        <translation>此音频存在问题，会影响克隆效果。</translation>
    </message>
    <message>
        <location filename="../ui/clone/check_step.py" line="99"/>
        <source>Listen to the clip as it came in</source>
        <translation>试听原始音频</translation>
    </message>
    <message>
        <location filename="../ui/clone/check_step.py" line="101"/>
        <source>Listen to what will be used: trimmed, normalised, denoised</source>
        <translation>试听实际使用的音频：已裁剪、归一化、降噪</translation>
    </message>
    <message>
        <location filename="../ui/clone/check_step.py" line="103"/>
        <location filename="../ui/clone/check_step.py" line="104"/>
        <source>Stop listening</source>
        <translation>停止试听</translation>
    </message>
    <message>
        <location filename="../ui/clone/check_step.py" line="113"/>
        <source>Reference check</source>
        <translation>参考音频检查</translation>
    </message>
    <message>
        <location filename="../ui/clone/check_step.py" line="114"/>
        <location filename="../ui/clone/check_step.py" line="150"/>
        <source>Not checked yet</source>
        <translation>尚未检查</translation>
    </message>
    <message>
        <location filename="../ui/clone/transcript_step.py" line="51"/>
        <source>What is said in the clip</source>
        <translation>音频中说了什么</translation>
    </message>
    <message>
        <location filename="../ui/clone/transcript_step.py" line="53"/>
        <source>Engines that clone use the transcript to line the voice up with the words. Correct any mistake: an exact transcript gives a closer clone.</source>
        <translation>支持克隆的引擎会用转写文本将声音与文字对齐。请修正其中的错误：转写越准确，克隆效果越接近。</translation>
    </message>
    <message>
        <location filename="../ui/clone/transcript_step.py" line="58"/>
        <source>Language of the clip</source>
        <translation>音频的语言</translation>
    </message>
    <message>
        <location filename="../ui/clone/transcript_step.py" line="59"/>
        <source>Detect automatically</source>
        <translation>自动检测</translation>
    </message>
    <message>
        <location filename="../ui/clone/transcript_step.py" line="63"/>
        <source>Transcribe again</source>
        <translation>重新转写</translation>
    </message>
    <message>
        <location filename="../ui/clone/transcript_step.py" line="78"/>
        <location filename="../ui/clone/wizard.py" line="58"/>
        <source>Transcript</source>
        <translation>转写文本</translation>
    </message>
    <message>
        <location filename="../ui/clone/transcript_step.py" line="79"/>
        <source>The transcript appears here…</source>
        <translation>转写文本将显示在这里…</translation>
    </message>
    <message>
        <location filename="../ui/clone/consent_step.py" line="32"/>
        <source>Name the voice and record consent</source>
        <translation>为音色命名并记录授权</translation>
    </message>
    <message>
        <location filename="../ui/clone/consent_step.py" line="34"/>
        <source>A voice belongs to the person who speaks. Save it only with their agreement; the record travels with the voice when it is shared.</source>
        <translation>声音属于说话人本人。请仅在取得本人同意后保存；分享音色时，授权记录会随之一起分享。</translation>
    </message>
    <message>
        <location filename="../ui/clone/consent_step.py" line="41"/>
        <source>e.g. Grandma reading</source>
        <translation>例如：奶奶朗读</translation>
    </message>
    <message>
        <location filename="../ui/clone/consent_step.py" line="42"/>
        <location filename="../ui/clone/consent_step.py" line="43"/>
        <source>Voice name</source>
        <translation>音色名称</translation>
    </message>
    <message>
        <location filename="../ui/clone/consent_step.py" line="45"/>
        <source>Voice language</source>
        <translation>音色语言</translation>
    </message>
    <message>
        <location filename="../ui/clone/consent_step.py" line="50"/>
        <source>Who is speaking in the clip</source>
        <translation>音频中的说话人</translation>
    </message>
    <message>
        <location filename="../ui/clone/consent_step.py" line="51"/>
        <location filename="../ui/clone/consent_step.py" line="52"/>
        <location filename="../ui/clone/voices_page.py" line="379"/>
        <location filename="../ui/speak/script_lines.py" line="44"/>
        <location filename="../ui/speak/script_speakers.py" line="44"/>
        <source>Speaker</source>
        <translation>说话人</translation>
    </message>
    <message>
        <location filename="../ui/clone/consent_step.py" line="53"/>
        <source>They agreed to this use of their voice</source>
        <translation>说话人已同意以此用途使用其声音</translation>
    </message>
    <message>
        <location filename="../ui/clone/consent_step.py" line="58"/>
        <source>How they agreed</source>
        <translation>同意方式</translation>
    </message>
    <message>
        <location filename="../ui/clone/consent_step.py" line="59"/>
        <source>It is my own voice</source>
        <translation>这是我自己的声音</translation>
    </message>
    <message>
        <location filename="../ui/clone/consent_step.py" line="59"/>
        <source>In writing</source>
        <translation>书面同意</translation>
    </message>
    <message>
        <location filename="../ui/clone/consent_step.py" line="59"/>
        <source>Spoken, on the recording</source>
        <translation>口头同意（录音中有记录）</translation>
    </message>
    <message>
        <location filename="../ui/clone/consent_step.py" line="60"/>
        <source>Spoken, not recorded</source>
        <translation>口头同意（未录音）</translation>
    </message>
    <message>
        <location filename="../ui/clone/consent_step.py" line="60"/>
        <source>Public-domain or licensed recording</source>
        <translation>公有领域或已获授权的录音</translation>
    </message>
    <message>
        <location filename="../ui/clone/consent_step.py" line="62"/>
        <source>How</source>
        <translation>方式</translation>
    </message>
    <message>
        <location filename="../ui/clone/consent_step.py" line="64"/>
        <location filename="../ui/clone/consent_step.py" line="65"/>
        <location filename="../ui/clone/voices_page.py" line="383"/>
        <location filename="../ui/clone/wizard.py" line="57"/>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../ui/clone/consent_step.py" line="68"/>
        <location filename="../ui/clone/consent_step.py" line="72"/>
        <location filename="../ui/clone/voices_page.py" line="384"/>
        <source>Licence</source>
        <translation>许可</translation>
    </message>
    <message>
        <location filename="../ui/clone/consent_step.py" line="69"/>
        <source>Personal use only</source>
        <translation>仅限个人使用</translation>
    </message>
    <message>
        <location filename="../ui/clone/consent_step.py" line="70"/>
        <source>All rights reserved</source>
        <translation>保留所有权利</translation>
    </message>
    <message>
        <location filename="../ui/clone/consent_step.py" line="74"/>
        <source>warm, narration, female (comma separated)</source>
        <translation>如：温暖, 旁白, 女声（用英文逗号分隔）</translation>
    </message>
    <message>
        <location filename="../ui/clone/preview_step.py" line="93"/>
        <location filename="../ui/clone/preview_step.py" line="95"/>
        <source>Preview sentence</source>
        <translation>试听句子</translation>
    </message>
    <message>
        <location filename="../ui/clone/wizard.py" line="258"/>
        <source>Save voice</source>
        <translation>保存音色</translation>
    </message>
    <message>
        <location filename="../ui/clone/wizard.py" line="269"/>
        <source>Record or import a clip to go on.</source>
        <translation>录制或导入一段音频后才能继续。</translation>
    </message>
    <message>
        <location filename="../ui/clone/wizard.py" line="270"/>
        <source>{0}: {1:.1f} s</source>
        <translation>{0}：{1:.1f} 秒</translation>
    </message>
    <message>
        <location filename="../ui/clone/check_step.py" line="160"/>
        <location filename="../ui/clone/wizard.py" line="273"/>
        <source>Checking the clip…</source>
        <translation>正在检查音频…</translation>
    </message>
    <message>
        <location filename="../ui/clone/wizard.py" line="278"/>
        <source>Preparing the selected window…</source>
        <translation>正在处理选区…</translation>
    </message>
    <message>
        <location filename="../ui/clone/wizard.py" line="280"/>
        <source>The selection is shorter than a second; widen it.</source>
        <translation>选区不足 1 秒，请扩大选区。</translation>
    </message>
    <message>
        <location filename="../ui/clone/wizard.py" line="281"/>
        <source>The prepared clip is {0:.1f} s long.</source>
        <translation>处理后的音频时长 {0:.1f} 秒。</translation>
    </message>
    <message>
        <location filename="../ui/clone/transcript_step.py" line="109"/>
        <source>{0} needs the transcript: wait for it or type it.</source>
        <translation>{0} 需要转写文本：请等待转写完成或手动输入。</translation>
    </message>
    <message>
        <location filename="../ui/clone/transcript_step.py" line="111"/>
        <source>No transcript: engines that need one will not be offered the voice.</source>
        <translation>没有转写文本：需要转写的引擎将无法使用此音色。</translation>
    </message>
    <message>
        <location filename="../ui/clone/consent_step.py" line="100"/>
        <source>a name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../ui/clone/consent_step.py" line="102"/>
        <source>who is speaking</source>
        <translation>说话人</translation>
    </message>
    <message>
        <location filename="../ui/clone/consent_step.py" line="104"/>
        <source>their consent</source>
        <translation>说话人的同意</translation>
    </message>
    <message>
        <location filename="../ui/clone/consent_step.py" line="106"/>
        <source>To go on, give {0}.</source>
        <translation>请填写以下内容后继续：{0}。</translation>
    </message>
    <message>
        <location filename="../ui/clone/wizard.py" line="287"/>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <location filename="../ui/clone/wizard.py" line="289"/>
        <source>The voice library is still opening…</source>
        <translation>音色库仍在打开…</translation>
    </message>
    <message>
        <location filename="../ui/clone/wizard.py" line="292"/>
        <source>Wait for {0} to finish, or cancel it.</source>
        <translation>请等待 {0} 完成，或将其取消。</translation>
    </message>
    <message>
        <location filename="../ui/clone/wizard.py" line="295"/>
        <source>No engine made a profile: the voice is saved with its reference only, for an engine that can clone later.</source>
        <translation>没有引擎生成音色配置：将只保存参考音频，供以后支持克隆的引擎使用。</translation>
    </message>
    <message>
        <location filename="../ui/clone/wizard.py" line="297"/>
        <source>Saves the voice with {0} profile(s).</source>
        <translation>保存音色及 {0} 个配置。</translation>
    </message>
    <message>
        <location filename="../ui/clone/source_step.py" line="125"/>
        <source>Microphones cannot be listed: {0}</source>
        <translation>无法列出麦克风：{0}</translation>
    </message>
    <message>
        <location filename="../ui/chat/controls.py" line="259"/>
        <location filename="../ui/clone/source_step.py" line="135"/>
        <source>No microphone was found.</source>
        <translation>未找到麦克风。</translation>
    </message>
    <message>
        <location filename="../ui/chat/controls.py" line="260"/>
        <location filename="../ui/clone/source_step.py" line="136"/>
        <source>No microphone</source>
        <translation>没有麦克风</translation>
    </message>
    <message>
        <location filename="../ui/clone/source_step.py" line="141"/>
        <source>Importing a file still works.</source>
        <translation>仍可导入文件。</translation>
    </message>
    <message>
        <location filename="../ui/clone/source_step.py" line="150"/>
        <source> (default)</source>
        <translation>（默认）</translation>
    </message>
    <message>
        <location filename="../ui/clone/source_step.py" line="155"/>
        <source>Counts down from 3, then records until you press Stop</source>
        <translation>从 3 开始倒计时，然后一直录制，直到你按下“停止”</translation>
    </message>
    <message>
        <location filename="../ui/clone/source_step.py" line="156"/>
        <source>Press Record, wait for the countdown, then speak.</source>
        <translation>按“录制”，等倒计时结束后开始说话。</translation>
    </message>
    <message>
        <location filename="../ui/chat/page.py" line="349"/>
        <location filename="../ui/clone/source_step.py" line="185"/>
        <location filename="../ui/edit/step_progress.py" line="22"/>
        <location filename="../ui/shell/main_window.py" line="203"/>
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <location filename="../ui/clone/source_step.py" line="199"/>
        <source>Recording…</source>
        <translation>正在录制…</translation>
    </message>
    <message>
        <location filename="../ui/clone/source_step.py" line="210"/>
        <source>Recording could not start: {0}</source>
        <translation>无法开始录制：{0}</translation>
    </message>
    <message>
        <location filename="../ui/clone/source_step.py" line="217"/>
        <source>Recording… {0:.1f} s</source>
        <translation>正在录制… {0:.1f} 秒</translation>
    </message>
    <message>
        <location filename="../ui/clone/source_step.py" line="227"/>
        <source>Finishing…</source>
        <translation>正在完成…</translation>
    </message>
    <message>
        <location filename="../ui/clone/source_step.py" line="237"/>
        <source>Recording</source>
        <translation>录音</translation>
    </message>
    <message>
        <location filename="../ui/clone/wizard.py" line="307"/>
        <source>Import a voice recording</source>
        <translation>导入语音录音</translation>
    </message>
    <message>
        <location filename="../ui/clone/voices_page.py" line="496"/>
        <location filename="../ui/clone/wizard.py" line="308"/>
        <location filename="../ui/edit/page.py" line="266"/>
        <location filename="../ui/edit/page.py" line="427"/>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../ui/clone/source_step.py" line="258"/>
        <location filename="../ui/speak/pronunciation_dialog.py" line="208"/>
        <source>Reading {0}…</source>
        <translation>正在读取 {0}…</translation>
    </message>
    <message>
        <location filename="../ui/clone/source_step.py" line="273"/>
        <source>{0} cannot be used: {1}</source>
        <translation>无法使用 {0}：{1}</translation>
    </message>
    <message>
        <location filename="../ui/clone/source_step.py" line="290"/>
        <source>{0} does not look like an audio file (WAV, FLAC, OGG or MP3).</source>
        <translation>{0} 似乎不是音频文件（WAV、FLAC、OGG 或 MP3）。</translation>
    </message>
    <message>
        <location filename="../ui/clone/consent_step.py" line="93"/>
        <source>Recorded in Step Audio Studio</source>
        <translation>在 Step Audio Studio 中录制</translation>
    </message>
    <message>
        <location filename="../ui/clone/consent_step.py" line="94"/>
        <source>Imported from {0}</source>
        <translation>导入自 {0}</translation>
    </message>
    <message>
        <location filename="../ui/clone/check_step.py" line="143"/>
        <location filename="../ui/shell/engine_setup_dialog.py" line="122"/>
        <source>Checking…</source>
        <translation>正在检查…</translation>
    </message>
    <message>
        <location filename="../ui/clone/check_step.py" line="170"/>
        <source>The clip could not be checked: {0}</source>
        <translation>无法检查音频：{0}</translation>
    </message>
    <message>
        <location filename="../ui/clone/check_step.py" line="268"/>
        <source>Selection {0:.1f}–{1:.1f} s ({2:.1f} s)</source>
        <translation>选区 {0:.1f}–{1:.1f} 秒（{2:.1f} 秒）</translation>
    </message>
    <message>
        <location filename="../ui/clone/check_step.py" line="270"/>
        <source>shorter than the ideal 5–10 s</source>
        <translation>短于理想的 5–10 秒</translation>
    </message>
    <message>
        <location filename="../ui/clone/check_step.py" line="272"/>
        <source>longer than needed; 5–10 s is ideal</source>
        <translation>过长；5–10 秒最理想</translation>
    </message>
    <message>
        <location filename="../ui/clone/check_step.py" line="274"/>
        <source>drag the highlighted window or its edges to change it</source>
        <translation>拖动高亮区域或其边缘可调整</translation>
    </message>
    <message>
        <location filename="../ui/clone/check_step.py" line="288"/>
        <source>The clip could not be prepared: {0}</source>
        <translation>无法处理音频：{0}</translation>
    </message>
    <message>
        <location filename="../ui/clone/transcript_step.py" line="131"/>
        <location filename="../ui/speak/take_words.py" line="98"/>
        <source>Transcribing with Whisper…</source>
        <translation>正在用 Whisper 转写…</translation>
    </message>
    <message>
        <location filename="../ui/clone/transcript_step.py" line="145"/>
        <source>Detected {0}. Check the words and correct any mistake.</source>
        <translation>检测到{0}。请核对文字并修正错误。</translation>
    </message>
    <message>
        <location filename="../ui/clone/transcript_step.py" line="146"/>
        <source>Check the words and correct any mistake.</source>
        <translation>请核对文字并修正错误。</translation>
    </message>
    <message>
        <location filename="../ui/clone/transcript_step.py" line="156"/>
        <source>Automatic transcription failed ({0}); type the transcript.</source>
        <translation>自动转写失败（{0}），请手动输入转写文本。</translation>
    </message>
    <message>
        <location filename="../ui/clone/preview_step.py" line="137"/>
        <source>No installed engine can use a reference yet</source>
        <translation>已安装的引擎都还不能使用参考音频</translation>
    </message>
    <message>
        <location filename="../ui/clone/preview_step.py" line="139"/>
        <source>The voice can still be saved with its checked reference, transcript and consent; an engine that clones (such as Step-Audio) can use it once installed. The voice library shows which engines can use each voice.</source>
        <translation>仍可保存音色及其已检查的参考音频、转写文本和授权记录；安装支持克隆的引擎（如 Step-Audio）后即可使用。音色库中会显示每个音色可用于哪些引擎。</translation>
    </message>
    <message>
        <location filename="../ui/clone/preview_step.py" line="157"/>
        <source>Clones the voice</source>
        <translation>声音克隆</translation>
    </message>
    <message>
        <location filename="../ui/clone/preview_step.py" line="157"/>
        <source>Voice match</source>
        <translation>音色匹配</translation>
    </message>
    <message>
        <location filename="../ui/clone/preview_step.py" line="163"/>
        <source>Makes a zero-shot clone of the reference.</source>
        <translation>对参考音频进行零样本克隆。</translation>
    </message>
    <message>
        <location filename="../ui/clone/preview_step.py" line="164"/>
        <source>Picks the nearest of its own voices; it does not clone.</source>
        <translation>从自带音色中选出最接近的一个，不进行克隆。</translation>
    </message>
    <message>
        <location filename="../ui/clone/preview_step.py" line="165"/>
        <source>What it does with the reference: {0}</source>
        <translation>参考音频的用法：{0}</translation>
    </message>
    <message>
        <location filename="../ui/clone/preview_step.py" line="167"/>
        <source>Works best with {0:g}–{1:g} s of speech; yours is {2:.1f} s.</source>
        <translation>最适合 {0:g}–{1:g} 秒的语音；你的音频为 {2:.1f} 秒。</translation>
    </message>
    <message>
        <location filename="../ui/clone/preview_step.py" line="177"/>
        <source>Try again</source>
        <translation>重试</translation>
    </message>
    <message>
        <location filename="../ui/clone/preview_step.py" line="178"/>
        <source>Preview</source>
        <translation>试听</translation>
    </message>
    <message>
        <location filename="../ui/clone/preview_step.py" line="205"/>
        <source>Needs a transcript: go back one step and type it.</source>
        <translation>需要转写文本：请返回上一步输入。</translation>
    </message>
    <message>
        <location filename="../ui/clone/preview_step.py" line="248"/>
        <source>Ready.</source>
        <translation>就绪。</translation>
    </message>
    <message>
        <location filename="../ui/clone/preview_step.py" line="262"/>
        <source>Cancelled. Nothing from {0} is saved with the voice.</source>
        <translation>已取消。{0} 的结果不会随音色保存。</translation>
    </message>
    <message>
        <location filename="../ui/clone/preview_step.py" line="263"/>
        <source>Failed: {0}</source>
        <translation>失败：{0}</translation>
    </message>
    <message>
        <location filename="../ui/clone/preview_step.py" line="284"/>
        <location filename="../ui/shell/data_folder_dialog.py" line="326"/>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <location filename="../ui/clone/preview_step.py" line="291"/>
        <source>Similarity to the reference: &lt;b&gt;{0:.2f}&lt;/b&gt;</source>
        <translation>与参考音频的相似度：&lt;b&gt;{0:.2f}&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../ui/clone/preview_step.py" line="294"/>
        <source> (default voice {0:.2f}, {1:+.2f})</source>
        <translation>（默认音色 {0:.2f}，{1:+.2f}）</translation>
    </message>
    <message>
        <location filename="../ui/clone/preview_step.py" line="298"/>
        <source>Profile ready.</source>
        <translation>配置已就绪。</translation>
    </message>
    <message>
        <location filename="../ui/clone/preview_step.py" line="312"/>
        <source>Speaking the preview…</source>
        <translation>正在生成试听…</translation>
    </message>
    <message>
        <location filename="../ui/clone/preview_step.py" line="324"/>
        <source>the engine produced no audio</source>
        <translation>引擎没有生成音频</translation>
    </message>
    <message>
        <location filename="../ui/clone/preview_step.py" line="329"/>
        <source>Preview: {0:.1f} s</source>
        <translation>试听：{0:.1f} 秒</translation>
    </message>
    <message>
        <location filename="../ui/clone/preview_step.py" line="335"/>
        <source>The preview failed: {0}</source>
        <translation>试听失败：{0}</translation>
    </message>
    <message>
        <location filename="../ui/clone/wizard.py" line="388"/>
        <source>Saving “{0}”…</source>
        <translation>正在保存“{0}”…</translation>
    </message>
    <message>
        <location filename="../ui/clone/wizard.py" line="397"/>
        <source>Saved the voice “{0}”.</source>
        <translation>已保存音色“{0}”。</translation>
    </message>
    <message>
        <location filename="../ui/clone/wizard.py" line="404"/>
        <source>The voice could not be saved: {0}</source>
        <translation>无法保存音色：{0}</translation>
    </message>
    <message>
        <location filename="../ui/shell/menus.py" line="31"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../ui/shell/menus.py" line="32"/>
        <source>&amp;Export Take…</source>
        <translation>导出音频(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../ui/shell/menus.py" line="36"/>
        <source>Render Script…</source>
        <translation>渲染剧本…</translation>
    </message>
    <message>
        <location filename="../ui/shell/menus.py" line="37"/>
        <source>Render a script of dialogue, line by line, to one take with subtitles</source>
        <translation>把对话剧本逐行渲染为一条带字幕的音频</translation>
    </message>
    <message>
        <location filename="../ui/shell/menus.py" line="40"/>
        <source>Pronunciations…</source>
        <translation>发音词典…</translation>
    </message>
    <message>
        <location filename="../ui/shell/menus.py" line="41"/>
        <source>Words and names the voices should read another way</source>
        <translation>让语音换一种读法的词语和名字</translation>
    </message>
    <message>
        <location filename="../ui/shell/menus.py" line="43"/>
        <source>Data Folder…</source>
        <translation>数据文件夹…</translation>
    </message>
    <message>
        <location filename="../ui/shell/menus.py" line="44"/>
        <source>Where your takes and voices are kept; move them elsewhere</source>
        <translation>录音和声音的存放位置；可以移到别处</translation>
    </message>
    <message>
        <location filename="../ui/shell/menus.py" line="47"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../ui/shell/menus.py" line="52"/>
        <source>&amp;Engine</source>
        <translation>引擎(&amp;E)</translation>
    </message>
    <message>
        <location filename="../ui/shell/menus.py" line="53"/>
        <source>Add Remote Engine…</source>
        <translation>添加远程引擎…</translation>
    </message>
    <message>
        <location filename="../ui/shell/menus.py" line="54"/>
        <source>Use an engine on a step-studio serve server, by its address</source>
        <translation>按地址使用运行在 step-studio serve 服务器上的引擎</translation>
    </message>
    <message>
        <location filename="../ui/shell/menus.py" line="56"/>
        <source>Remove Remote Engine</source>
        <translation>移除远程引擎</translation>
    </message>
    <message>
        <location filename="../ui/shell/menus.py" line="60"/>
        <source>Memory…</source>
        <translation>内存…</translation>
    </message>
    <message>
        <location filename="../ui/shell/menus.py" line="62"/>
        <source>Which voices are loaded, what they hold, and unloading the unused ones</source>
        <translation>哪些语音已加载、各占多少内存，以及卸载不用的语音</translation>
    </message>
    <message>
        <location filename="../ui/shell/menus.py" line="66"/>
        <source>&amp;Take</source>
        <translation>音频(&amp;T)</translation>
    </message>
    <message>
        <location filename="../ui/shell/menus.py" line="76"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../ui/shell/menus.py" line="90"/>
        <source>Theme</source>
        <translation>主题</translation>
    </message>
    <message>
        <location filename="../ui/shell/menus.py" line="93"/>
        <location filename="../ui/shell/menus.py" line="115"/>
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../ui/shell/menus.py" line="93"/>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <location filename="../ui/shell/menus.py" line="93"/>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <location filename="../ui/shell/menus.py" line="94"/>
        <source>High Contrast</source>
        <translation>高对比度</translation>
    </message>
    <message>
        <location filename="../ui/shell/menus.py" line="102"/>
        <location filename="../ui/shell/menus.py" line="153"/>
        <source>Text Size</source>
        <translation>文字大小</translation>
    </message>
    <message>
        <location filename="../ui/shell/menus.py" line="124"/>
        <source>Keyboard Shortcuts…</source>
        <translation>键盘快捷键…</translation>
    </message>
    <message>
        <location filename="../ui/shell/menus.py" line="154"/>
        <source>The new text size is used the next time Step Audio Studio starts. It adds to the text size set for the whole system.</source>
        <translation>新的文字大小将在下次启动 Step Audio Studio 时生效，并叠加在系统设置的文字大小之上。</translation>
    </message>
    <message>
        <location filename="../ui/shell/menus.py" line="175"/>
        <source>The engine is not loaded yet; render the script once it is.</source>
        <translation>引擎尚未加载；加载完成后再渲染剧本。</translation>
    </message>
    <message>
        <location filename="../ui/shell/menus.py" line="217"/>
        <source>The data folder was moved and the studio still uses the old one. Restart the studio before moving it again.</source>
        <translation>数据文件夹已移动，但工作室仍在使用旧文件夹。请先重启工作室再移动。</translation>
    </message>
    <message>
        <location filename="../ui/shell/menus.py" line="220"/>
        <source>A take is being made. Wait for it or stop it, then move the data folder.</source>
        <translation>正在生成录音。请等待完成或停止后再移动数据文件夹。</translation>
    </message>
    <message>
        <location filename="../ui/shell/menus.py" line="222"/>
        <source>A conversation is running. Stop it, then move the data folder.</source>
        <translation>对话正在进行。请先停止对话，再移动数据文件夹。</translation>
    </message>
    <message>
        <location filename="../ui/shell/menus.py" line="225"/>
        <source>The studio is still saving or preparing something. Wait for it to finish, then move the data folder.</source>
        <translation>工作室仍在保存或准备内容。请等待完成后再移动数据文件夹。</translation>
    </message>
    <message>
        <location filename="../ui/clone/consent_step.py" line="48"/>
        <location filename="../ui/clone/transcript_step.py" line="56"/>
        <location filename="../ui/shell/menus.py" line="112"/>
        <location filename="../ui/shell/menus.py" line="163"/>
        <location filename="../ui/speak/pronunciation_dialog.py" line="74"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../ui/shell/menus.py" line="123"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../ui/shell/shortcuts_dialog.py" line="39"/>
        <source>Keyboard Shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <location filename="../ui/shell/shortcuts_dialog.py" line="46"/>
        <source>Click a shortcut and press the new keys. Keys that work everywhere may not be used again elsewhere. Space also plays in Speak outside text fields, and F2 also renames in the take list.</source>
        <translation>点击一个快捷键，然后按下新的按键。在任何地方都有效的按键不能在别处再用。在“朗读”中，焦点不在文本框时空格键也可播放；在录音列表中 F2 也可重命名。</translation>
    </message>
    <message>
        <location filename="../ui/shell/shortcuts_dialog.py" line="51"/>
        <source>Where</source>
        <translation>位置</translation>
    </message>
    <message>
        <location filename="../ui/shell/shortcuts_dialog.py" line="51"/>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../ui/shell/shortcuts_dialog.py" line="51"/>
        <source>Shortcut</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <location filename="../ui/shell/shortcuts_dialog.py" line="56"/>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <location filename="../ui/shell/shortcuts_dialog.py" line="67"/>
        <source>Shortcut for {action}</source>
        <translation>“{action}”的快捷键</translation>
    </message>
    <message>
        <location filename="../ui/shell/shortcuts_dialog.py" line="70"/>
        <source>Also: {keys}</source>
        <translation>另有：{keys}</translation>
    </message>
    <message>
        <location filename="../ui/shell/shortcuts_dialog.py" line="82"/>
        <source>Shortcut problem</source>
        <translation>快捷键问题</translation>
    </message>
    <message>
        <location filename="../ui/shell/shortcuts_dialog.py" line="83"/>
        <source>Reset to Default</source>
        <translation>恢复默认</translation>
    </message>
    <message>
        <location filename="../ui/shell/shortcuts_dialog.py" line="84"/>
        <source>Give the chosen action its original keys</source>
        <translation>让所选操作恢复原来的按键</translation>
    </message>
    <message>
        <location filename="../ui/shell/shortcuts_dialog.py" line="86"/>
        <source>Reset All</source>
        <translation>全部恢复</translation>
    </message>
    <message>
        <location filename="../ui/shell/shortcuts_dialog.py" line="141"/>
        <source>{key} is used by both “{first}” and “{second}”; choose another key for one of them.</source>
        <translation>{key} 同时用于“{first}”和“{second}”；请为其中一个另选按键。</translation>
    </message>
    <message>
        <location filename="../ui/shell/menus.py" line="126"/>
        <source>&amp;About Step Audio Studio</source>
        <translation>关于 Step Audio Studio(&amp;A)</translation>
    </message>
    <message>
        <location filename="../ui/shell/menus.py" line="128"/>
        <source>About &amp;Qt</source>
        <translation>关于 &amp;Qt</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_picker.py" line="34"/>
        <source>No engines</source>
        <translation>没有引擎</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_picker.py" line="35"/>
        <source>Engines could not be found: {0}</source>
        <translation>找不到引擎：{0}</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_picker.py" line="107"/>
        <source>{0} (unavailable)</source>
        <translation>{0}（不可用）</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_picker.py" line="118"/>
        <location filename="../ui/shell/engine_picker.py" line="151"/>
        <source>{0}: click to use this engine</source>
        <translation>{0}：点击使用此引擎</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_picker.py" line="88"/>
        <source>no engine is installed</source>
        <translation>未安装任何引擎</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_picker.py" line="89"/>
        <source>No engine can run here</source>
        <translation>没有可在此运行的引擎</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_picker.py" line="90"/>
        <location filename="../ui/shell/engine_picker.py" line="91"/>
        <source>No engine can run here ({0}).</source>
        <translation>没有可在此运行的引擎（{0}）。</translation>
    </message>
    <message>
        <location filename="../ui/clone/preview_step.py" line="215"/>
        <location filename="../ui/shell/engine_picker.py" line="206"/>
        <source>Loading {0}…</source>
        <translation>正在加载 {0}…</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_picker.py" line="125"/>
        <source>Set up Step-Audio TTS-3B…</source>
        <translation>设置 Step-Audio TTS-3B…</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_picker.py" line="126"/>
        <source>Set up Step-Audio-EditX…</source>
        <translation>设置 Step-Audio-EditX…</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_picker.py" line="129"/>
        <source>Its model files, GPU or CPU, and weight precision</source>
        <translation>模型文件、GPU 或 CPU，以及权重精度</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_picker.py" line="131"/>
        <source>Add remote engine…</source>
        <translation>添加远程引擎…</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_picker.py" line="144"/>
        <source>“{0}” on {1}</source>
        <translation>{1} 上的“{0}”</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_picker.py" line="146"/>
        <location filename="../ui/shell/engine_picker.py" line="150"/>
        <source>{0} (remote)</source>
        <translation>{0}（远程）</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_picker.py" line="147"/>
        <source>{0}; checking the server…</source>
        <translation>{0}；正在检查服务器…</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_picker.py" line="155"/>
        <source>{0} (remote, unavailable)</source>
        <translation>{0}（远程，不可用）</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_picker.py" line="156"/>
        <source>{0}: {1} Choose it again to retry.</source>
        <translation>{0}：{1} 再次选择即可重试。</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_setup.py" line="79"/>
        <source>Saved; it applies after the current take.</source>
        <translation>已保存；将在当前生成结束后生效。</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_setup.py" line="95"/>
        <source>{0} is ready to use.</source>
        <translation>{0} 已可使用。</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_setup.py" line="109"/>
        <location filename="../ui/shell/remote_engine_dialog.py" line="51"/>
        <source>Add Remote Engine</source>
        <translation>添加远程引擎</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_setup.py" line="122"/>
        <source>Added {0}: choose it in the engine picker.</source>
        <translation>已添加 {0}：请在引擎选择器中选择它。</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_setup.py" line="132"/>
        <source>Stop the current take before removing its engine.</source>
        <translation>请先停止当前生成，再移除其引擎。</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_setup.py" line="143"/>
        <source>{0} was removed; choose an engine.</source>
        <translation>{0} 已移除，请选择一个引擎。</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_setup.py" line="149"/>
        <source>Removed {0}.</source>
        <translation>已移除 {0}。</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_setup.py" line="173"/>
        <source>No remote engines added</source>
        <translation>尚未添加远程引擎</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_setup.py" line="175"/>
        <source>Add one first with Engine ▸ Add Remote Engine…</source>
        <translation>请先通过“引擎 ▸ 添加远程引擎…”添加一个</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_setup.py" line="179"/>
        <location filename="../ui/speak/voice_bar.py" line="166"/>
        <source>{0} ({1})</source>
        <translation>{0}（{1}）</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_picker.py" line="217"/>
        <source>the engines are still being found; try again in a moment.</source>
        <translation>仍在查找引擎，请稍后再试。</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_picker.py" line="219"/>
        <source>it needs the engine “{0}”, which is not installed.</source>
        <translation>它需要引擎“{0}”，但该引擎未安装。</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_picker.py" line="222"/>
        <source>it needs the engine “{0}”, which cannot run here: {1}</source>
        <translation>它需要引擎“{0}”，但该引擎无法在此运行：{1}</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_picker.py" line="224"/>
        <source>stop the current take before switching engines.</source>
        <translation>请先停止当前生成，再切换引擎。</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_picker.py" line="254"/>
        <source>Stop the current take before switching engines.</source>
        <translation>请先停止当前生成，再切换引擎。</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_picker.py" line="270"/>
        <source>{0} failed to load</source>
        <translation>{0} 加载失败</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_picker.py" line="275"/>
        <location filename="../ui/shell/engine_picker.py" line="277"/>
        <source>{0} could not be loaded: {1}</source>
        <translation>无法加载 {0}：{1}</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_picker.py" line="300"/>
        <source>{0} ready · loaded in {1:.1f} s · {2} voices</source>
        <translation>{0} 已就绪 · 加载用时 {1:.1f} 秒 · {2} 个声音</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_picker.py" line="307"/>
        <source>{0}: voices unavailable ({1})</source>
        <translation>{0}：无法获取声音（{1}）</translation>
    </message>
    <message>
        <location filename="../ui/shell/output_picker.py" line="20"/>
        <source>No audio output device</source>
        <translation>没有音频输出设备</translation>
    </message>
    <message>
        <location filename="../ui/chat/controls.py" line="275"/>
        <location filename="../ui/shell/output_picker.py" line="22"/>
        <source>No audio output device was found.</source>
        <translation>未找到音频输出设备。</translation>
    </message>
    <message>
        <location filename="../ui/shell/output_picker.py" line="24"/>
        <source>No audio output device — generating and exporting still work.</source>
        <translation>没有音频输出设备——仍可生成和导出。</translation>
    </message>
    <message>
        <location filename="../ui/chat/controls.py" line="265"/>
        <location filename="../ui/chat/controls.py" line="281"/>
        <location filename="../ui/shell/output_picker.py" line="30"/>
        <source>System default</source>
        <translation>系统默认</translation>
    </message>
    <message>
        <location filename="../ui/shell/session.py" line="99"/>
        <source>Settings not saved: {0}</source>
        <translation>设置未保存：{0}</translation>
    </message>
    <message>
        <location filename="../ui/shell/session.py" line="104"/>
        <source>Draft not saved: {0}</source>
        <translation>草稿未保存：{0}</translation>
    </message>
    <message>
        <location filename="../ui/shell/menus.py" line="164"/>
        <source>The new language is used the next time Step Audio Studio starts.</source>
        <translation>新语言将在下次启动 Step Audio Studio 时生效。</translation>
    </message>
    <message>
        <location filename="../ui/shell/about.py" line="24"/>
        <source>not loaded yet</source>
        <translation>尚未加载</translation>
    </message>
    <message>
        <location filename="../ui/shell/about.py" line="25"/>
        <source>About Step Audio Studio</source>
        <translation>关于 Step Audio Studio</translation>
    </message>
    <message>
        <location filename="../ui/shell/about.py" line="26"/>
        <source>&lt;h3&gt;Step Audio Studio {0}&lt;/h3&gt;&lt;p&gt;A desktop voice studio for the Step-Audio family of speech models, with an offline CPU engine that works on any laptop.&lt;/p&gt;&lt;p&gt;Current engine: {1}&lt;br&gt;Data folder: {2}&lt;/p&gt;&lt;p&gt;Licence: GPL-3.0-or-later. Built with Qt (PySide6) and pyqtgraph.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Step Audio Studio {0}&lt;/h3&gt;&lt;p&gt;面向 Step-Audio 系列语音模型的桌面语音工作室，内置可在任何笔记本电脑上离线运行的 CPU 引擎。&lt;/p&gt;&lt;p&gt;当前引擎：{1}&lt;br&gt;数据文件夹：{2}&lt;/p&gt;&lt;p&gt;许可证：GPL-3.0-or-later。基于 Qt (PySide6) 和 pyqtgraph 构建。&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../ui/speak/page.py" line="165"/>
        <location filename="../ui/speak/transport.py" line="31"/>
        <location filename="../ui/speak/transport.py" line="79"/>
        <location filename="../ui/speak/transport.py" line="82"/>
        <source>Generate</source>
        <translation>生成</translation>
    </message>
    <message>
        <source>Stop generating or playing</source>
        <translation type="vanished">停止生成或播放</translation>
    </message>
    <message>
        <source>Play / pause</source>
        <translation type="vanished">播放 / 暂停</translation>
    </message>
    <message>
        <source>Play / pause (outside text fields)</source>
        <translation type="vanished">播放 / 暂停（焦点不在文本框时）</translation>
    </message>
    <message>
        <source>Rename the selected take</source>
        <translation type="vanished">重命名所选音频</translation>
    </message>
    <message>
        <source>Delete the selected take</source>
        <translation type="vanished">删除所选音频</translation>
    </message>
    <message>
        <source>Favourite the selected take</source>
        <translation type="vanished">收藏所选音频</translation>
    </message>
    <message>
        <source>Export the selected take</source>
        <translation type="vanished">导出所选音频</translation>
    </message>
    <message>
        <source>Go to Speak, Clone, Edit or Chat (also in the View menu)</source>
        <translation type="vanished">切换到朗读、克隆、编辑或对话（也在“视图”菜单中）</translation>
    </message>
    <message>
        <location filename="../ui/clone/voices_page.py" line="589"/>
        <location filename="../ui/speak/voice_bar.py" line="32"/>
        <source>male</source>
        <translation>男声</translation>
    </message>
    <message>
        <location filename="../ui/clone/voices_page.py" line="589"/>
        <location filename="../ui/speak/voice_bar.py" line="32"/>
        <source>female</source>
        <translation>女声</translation>
    </message>
    <message>
        <location filename="../ui/chat/controls.py" line="107"/>
        <location filename="../ui/speak/page.py" line="88"/>
        <location filename="../ui/speak/transport.py" line="78"/>
        <source>Loading engine…</source>
        <translation>正在加载引擎…</translation>
    </message>
    <message>
        <location filename="../ui/speak/text_panel.py" line="40"/>
        <source>Type what to say. Add tags from the menus above, e.g. (高兴1)Good morning! [Laughter] Long texts are spoken sentence by sentence, and you hear the first sentence right away.</source>
        <translation>输入要朗读的文字。可从上方菜单添加标签，例如 (高兴1)早上好！[Laughter] 长文本按句生成，第一句马上就能听到。</translation>
    </message>
    <message>
        <location filename="../ui/speak/text_panel.py" line="42"/>
        <source>Text to speak</source>
        <translation>要朗读的文字</translation>
    </message>
    <message>
        <location filename="../ui/chat/controls.py" line="105"/>
        <location filename="../ui/chat/controls.py" line="124"/>
        <location filename="../ui/clone/voices_page.py" line="564"/>
        <location filename="../ui/speak/script_speakers.py" line="44"/>
        <location filename="../ui/speak/voice_bar.py" line="61"/>
        <location filename="../ui/speak/voice_bar.py" line="62"/>
        <location filename="../../widgets/take_details.py" line="96"/>
        <source>Voice</source>
        <translation>声音</translation>
    </message>
    <message>
        <location filename="../ui/speak/presets.py" line="80"/>
        <location filename="../ui/speak/presets.py" line="84"/>
        <source>Presets</source>
        <translation>预设</translation>
    </message>
    <message>
        <location filename="../ui/speak/presets.py" line="85"/>
        <source>Apply a preset (voice, speed, pitch and tags), or save the current settings as one</source>
        <translation>应用预设（音色、语速、音高和标签），或将当前设置保存为预设</translation>
    </message>
    <message>
        <location filename="../ui/edit/history_panel.py" line="23"/>
        <source>Opened</source>
        <translation>已打开</translation>
    </message>
    <message>
        <location filename="../ui/edit/history_panel.py" line="23"/>
        <location filename="../ui/edit/operations.py" line="36"/>
        <source>Cut</source>
        <translation>剪切</translation>
    </message>
    <message>
        <location filename="../ui/edit/history_panel.py" line="23"/>
        <location filename="../ui/edit/operations.py" line="39"/>
        <source>Paste</source>
        <translation>粘贴</translation>
    </message>
    <message>
        <location filename="../ui/edit/history_panel.py" line="24"/>
        <source>Insert clip</source>
        <translation>插入片段</translation>
    </message>
    <message>
        <location filename="../ui/edit/history_panel.py" line="24"/>
        <location filename="../ui/edit/page.py" line="433"/>
        <source>Insert silence</source>
        <translation>插入静音</translation>
    </message>
    <message>
        <location filename="../ui/edit/history_panel.py" line="24"/>
        <location filename="../ui/edit/operations.py" line="42"/>
        <source>Crop</source>
        <translation>裁剪</translation>
    </message>
    <message>
        <location filename="../ui/edit/history_panel.py" line="25"/>
        <location filename="../ui/edit/operations.py" line="48"/>
        <source>Split</source>
        <translation>拆分</translation>
    </message>
    <message>
        <location filename="../ui/edit/history_panel.py" line="25"/>
        <location filename="../ui/edit/operations.py" line="43"/>
        <source>Silence</source>
        <translation>静音</translation>
    </message>
    <message>
        <location filename="../ui/edit/history_panel.py" line="25"/>
        <location filename="../ui/edit/operations.py" line="50"/>
        <source>Fade in</source>
        <translation>淡入</translation>
    </message>
    <message>
        <location filename="../ui/edit/history_panel.py" line="26"/>
        <location filename="../ui/edit/operations.py" line="51"/>
        <source>Fade out</source>
        <translation>淡出</translation>
    </message>
    <message>
        <location filename="../ui/edit/history_panel.py" line="26"/>
        <location filename="../ui/edit/page.py" line="436"/>
        <source>Gain</source>
        <translation>增益</translation>
    </message>
    <message>
        <location filename="../ui/edit/history_panel.py" line="26"/>
        <location filename="../ui/edit/page.py" line="461"/>
        <source>Normalise peak</source>
        <translation>峰值归一化</translation>
    </message>
    <message>
        <location filename="../ui/edit/history_panel.py" line="27"/>
        <location filename="../ui/edit/instruction_panel.py" line="38"/>
        <location filename="../ui/edit/page.py" line="441"/>
        <location filename="../ui/speak/script_speakers.py" line="44"/>
        <location filename="../ui/speak/voice_bar.py" line="63"/>
        <location filename="../../widgets/tag_picker.py" line="66"/>
        <source>Speed</source>
        <translation>语速</translation>
    </message>
    <message>
        <location filename="../ui/edit/history_panel.py" line="27"/>
        <location filename="../ui/edit/instruction_panel.py" line="38"/>
        <location filename="../ui/edit/page.py" line="445"/>
        <location filename="../ui/speak/script_speakers.py" line="45"/>
        <location filename="../ui/speak/voice_bar.py" line="64"/>
        <source>Pitch</source>
        <translation>音高</translation>
    </message>
    <message>
        <location filename="../ui/edit/history_panel.py" line="28"/>
        <location filename="../ui/edit/instruction_panel.py" line="40"/>
        <location filename="../ui/edit/operations.py" line="58"/>
        <source>Denoise</source>
        <translation>降噪</translation>
    </message>
    <message>
        <location filename="../ui/edit/history_panel.py" line="28"/>
        <location filename="../ui/edit/page.py" line="465"/>
        <location filename="../ui/edit/page.py" line="469"/>
        <source>Shorten pauses</source>
        <translation>缩短停顿</translation>
    </message>
    <message>
        <location filename="../ui/edit/history_panel.py" line="28"/>
        <location filename="../ui/edit/history_panel.py" line="66"/>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <location filename="../ui/edit/history_panel.py" line="29"/>
        <location filename="../ui/edit/words_panel.py" line="76"/>
        <source>Delete words</source>
        <translation>删除词语</translation>
    </message>
    <message>
        <location filename="../ui/edit/history_panel.py" line="29"/>
        <location filename="../ui/edit/words.py" line="53"/>
        <location filename="../ui/edit/words_panel.py" line="79"/>
        <source>Re-speak</source>
        <translation>重新朗读</translation>
    </message>
    <message>
        <location filename="../ui/edit/history_panel.py" line="29"/>
        <location filename="../ui/edit/page.py" line="155"/>
        <source>Instruction</source>
        <translation>指令</translation>
    </message>
    <message>
        <location filename="../ui/edit/history_panel.py" line="44"/>
        <source>version {n}</source>
        <translation>版本 {n}</translation>
    </message>
    <message>
        <location filename="../ui/edit/history_panel.py" line="57"/>
        <source>Versions</source>
        <translation>版本</translation>
    </message>
    <message>
        <location filename="../ui/edit/history_panel.py" line="62"/>
        <source>Play this version</source>
        <translation>播放此版本</translation>
    </message>
    <message>
        <location filename="../ui/edit/history_panel.py" line="63"/>
        <source>Hear the chosen version at the selection, to compare it with the current one</source>
        <translation>在选区位置试听所选版本，与当前版本对比</translation>
    </message>
    <message>
        <location filename="../ui/edit/history_panel.py" line="67"/>
        <source>Make the chosen version current again (undoable)</source>
        <translation>把所选版本重新设为当前版本（可撤销）</translation>
    </message>
    <message>
        <location filename="../ui/edit/history_panel.py" line="95"/>
        <source>The current version</source>
        <translation>当前版本</translation>
    </message>
    <message>
        <location filename="../ui/speak/voice_bar.py" line="66"/>
        <source>Sampling…</source>
        <translation>采样…</translation>
    </message>
    <message>
        <location filename="../ui/speak/voice_bar.py" line="67"/>
        <source>This engine&apos;s sampling settings and the seed</source>
        <translation>此引擎的采样设置和随机种子</translation>
    </message>
    <message>
        <location filename="../ui/speak/transport.py" line="33"/>
        <location filename="../ui/speak/transport.py" line="81"/>
        <source>Speak the text (Ctrl+Enter)</source>
        <translation>朗读文字（Ctrl+Enter）</translation>
    </message>
    <message>
        <location filename="../ui/clone/check_tokens.py" line="64"/>
        <source>Audio tokens: what Step-Audio reads from this clip (the tokenizer runs on the CPU).</source>
        <translation>音频 token：Step-Audio 从这段录音中读出的内容（分词器在 CPU 上运行）。</translation>
    </message>
    <message>
        <location filename="../ui/clone/check_tokens.py" line="90"/>
        <location filename="../ui/clone/source_step.py" line="191"/>
        <location filename="../ui/edit/page.py" line="121"/>
        <location filename="../ui/speak/page.py" line="167"/>
        <location filename="../ui/speak/script_dialog.py" line="145"/>
        <location filename="../ui/speak/transport.py" line="36"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../ui/clone/check_tokens.py" line="97"/>
        <source>Show the audio tokens Step-Audio reads from this clip (the tokenizer runs on the CPU)</source>
        <translation>显示 Step-Audio 从这段录音中读出的音频 token（分词器在 CPU 上运行）</translation>
    </message>
    <message>
        <location filename="../ui/speak/transport.py" line="37"/>
        <source>Stop generating or playing (Esc)</source>
        <translation>停止生成或播放（Esc）</translation>
    </message>
    <message>
        <location filename="../ui/edit/page.py" line="103"/>
        <location filename="../ui/edit/page.py" line="307"/>
        <source>No recording open</source>
        <translation>未打开录音</translation>
    </message>
    <message>
        <location filename="../ui/edit/page.py" line="108"/>
        <source>Selection</source>
        <translation>选区</translation>
    </message>
    <message>
        <location filename="../ui/edit/page.py" line="114"/>
        <source>Open a recording to edit it: any audio file, a take from Speak (Edit on a take), or a project on the left.</source>
        <translation>打开一段录音进行编辑：任意音频文件、“朗读”中的录音（在录音上选择“编辑”），或左侧的项目。</translation>
    </message>
    <message>
        <location filename="../ui/edit/page.py" line="119"/>
        <location filename="../ui/edit/page.py" line="168"/>
        <location filename="../ui/edit/page.py" line="352"/>
        <location filename="../ui/speak/transport.py" line="39"/>
        <location filename="../ui/speak/transport.py" line="92"/>
        <location filename="../../widgets/take_list.py" line="341"/>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <location filename="../ui/edit/page.py" line="120"/>
        <source>Play the selection, or from the cursor (Space)</source>
        <translation>播放选区，或从光标处播放（空格键）</translation>
    </message>
    <message>
        <location filename="../ui/edit/page.py" line="122"/>
        <location filename="../ui/edit/page.py" line="166"/>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location filename="../ui/edit/page.py" line="123"/>
        <location filename="../ui/edit/page.py" line="167"/>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <location filename="../ui/edit/page.py" line="124"/>
        <location filename="../ui/edit/page.py" line="170"/>
        <source>Fit</source>
        <translation>全部显示</translation>
    </message>
    <message>
        <location filename="../ui/edit/page.py" line="125"/>
        <source>Show the whole recording (Ctrl+0)</source>
        <translation>显示整段录音（Ctrl+0）</translation>
    </message>
    <message>
        <location filename="../ui/edit/page.py" line="126"/>
        <source>Zoom to selection</source>
        <translation>缩放到选区</translation>
    </message>
    <message>
        <location filename="../ui/edit/page.py" line="127"/>
        <source>Spectrogram</source>
        <translation>频谱图</translation>
    </message>
    <message>
        <location filename="../ui/edit/page.py" line="130"/>
        <source>Show the frequencies under the waveform</source>
        <translation>在波形下方显示频率</translation>
    </message>
    <message>
        <location filename="../ui/edit/page.py" line="131"/>
        <source>Export audio…</source>
        <translation>导出音频…</translation>
    </message>
    <message>
        <location filename="../ui/edit/page.py" line="132"/>
        <source>Export project…</source>
        <translation>导出项目…</translation>
    </message>
    <message>
        <location filename="../ui/edit/page.py" line="133"/>
        <source>Save the project with its source as one .stepedit file to share</source>
        <translation>把项目连同源录音保存为一个 .stepedit 文件以便分享</translation>
    </message>
    <message>
        <location filename="../ui/edit/page.py" line="149"/>
        <source>History, words and instruction</source>
        <translation>历史、文字和指令</translation>
    </message>
    <message>
        <location filename="../ui/edit/page.py" line="151"/>
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <location filename="../ui/edit/page.py" line="153"/>
        <location filename="../ui/edit/words_panel.py" line="73"/>
        <source>Words</source>
        <translation>词语</translation>
    </message>
    <message>
        <location filename="../ui/edit/page.py" line="169"/>
        <source>Select all</source>
        <translation>全选</translation>
    </message>
    <message>
        <location filename="../ui/edit/page.py" line="171"/>
        <source>Zoom in</source>
        <translation>放大</translation>
    </message>
    <message>
        <location filename="../ui/edit/page.py" line="173"/>
        <source>Zoom out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <location filename="../ui/edit/page.py" line="195"/>
        <source>Zoom in to {n} minutes or less to see the spectrogram.</source>
        <translation>放大到 {n} 分钟以内即可查看频谱图。</translation>
    </message>
    <message>
        <location filename="../ui/edit/page.py" line="230"/>
        <source>Opening the edit library…</source>
        <translation>正在打开编辑库…</translation>
    </message>
    <message>
        <location filename="../ui/edit/page.py" line="257"/>
        <source>Opening {name}…</source>
        <translation>正在打开 {name}…</translation>
    </message>
    <message>
        <location filename="../ui/edit/page.py" line="265"/>
        <source>Open a recording to edit</source>
        <translation>打开要编辑的录音</translation>
    </message>
    <message>
        <location filename="../ui/edit/page.py" line="293"/>
        <source>Opened “{title}”: every change is saved as you work.</source>
        <translation>已打开“{title}”：每次修改都会随时保存。</translation>
    </message>
    <message>
        <location filename="../ui/edit/page.py" line="355"/>
        <source>Selection {a} – {b} ({n} s)</source>
        <translation>选区 {a} – {b}（{n} 秒）</translation>
    </message>
    <message>
        <location filename="../ui/edit/page.py" line="358"/>
        <source>Cursor {a}</source>
        <translation>光标 {a}</translation>
    </message>
    <message>
        <location filename="../ui/edit/page.py" line="359"/>
        <source>working…</source>
        <translation>处理中…</translation>
    </message>
    <message>
        <location filename="../ui/edit/page.py" line="420"/>
        <source>Copied {n} s.</source>
        <translation>已复制 {n} 秒。</translation>
    </message>
    <message>
        <location filename="../ui/edit/page.py" line="428"/>
        <source>Insert a recording at the cursor</source>
        <translation>在光标处插入一段录音</translation>
    </message>
    <message>
        <location filename="../ui/edit/page.py" line="433"/>
        <source>Seconds of silence:</source>
        <translation>静音时长（秒）：</translation>
    </message>
    <message>
        <location filename="../ui/edit/page.py" line="436"/>
        <source>Change in decibels:</source>
        <translation>变化量（分贝）：</translation>
    </message>
    <message>
        <location filename="../ui/edit/page.py" line="441"/>
        <source>Speed factor (1.25 is a quarter faster):</source>
        <translation>速度倍数（1.25 表示快四分之一）：</translation>
    </message>
    <message>
        <location filename="../ui/edit/page.py" line="445"/>
        <source>Semitones (negative is lower):</source>
        <translation>半音数（负数为降低）：</translation>
    </message>
    <message>
        <location filename="../ui/edit/page.py" line="452"/>
        <source>Loudness (LUFS)</source>
        <translation>响度（LUFS）</translation>
    </message>
    <message>
        <location filename="../ui/edit/page.py" line="452"/>
        <source>Peak (dBFS)</source>
        <translation>峰值（dBFS）</translation>
    </message>
    <message>
        <location filename="../ui/edit/page.py" line="453"/>
        <source>Normalise</source>
        <translation>归一化</translation>
    </message>
    <message>
        <location filename="../ui/edit/page.py" line="453"/>
        <source>Normalise by:</source>
        <translation>归一化方式：</translation>
    </message>
    <message>
        <location filename="../ui/edit/page.py" line="458"/>
        <source>Target loudness in LUFS:</source>
        <translation>目标响度（LUFS）：</translation>
    </message>
    <message>
        <location filename="../ui/edit/page.py" line="461"/>
        <source>Target peak in dBFS:</source>
        <translation>目标峰值（dBFS）：</translation>
    </message>
    <message>
        <location filename="../ui/edit/page.py" line="465"/>
        <source>Shorten pauses longer than (seconds):</source>
        <translation>缩短长于此值的停顿（秒）：</translation>
    </message>
    <message>
        <location filename="../ui/edit/page.py" line="469"/>
        <source>Keep this much of each (seconds, 0 removes):</source>
        <translation>每处保留时长（秒，0 表示删除）：</translation>
    </message>
    <message>
        <location filename="../ui/edit/page.py" line="534"/>
        <source>Rename project</source>
        <translation>重命名项目</translation>
    </message>
    <message>
        <location filename="../ui/edit/page.py" line="534"/>
        <source>Title:</source>
        <translation>标题：</translation>
    </message>
    <message>
        <location filename="../ui/edit/page.py" line="539"/>
        <source>Delete project</source>
        <translation>删除项目</translation>
    </message>
    <message>
        <location filename="../ui/edit/page.py" line="540"/>
        <source>Delete the project “{title}” and its history? The recording it was made from is not touched.</source>
        <translation>删除项目“{title}”及其历史？它所基于的原始录音不受影响。</translation>
    </message>
    <message>
        <location filename="../ui/edit/page.py" line="548"/>
        <source>Import a project</source>
        <translation>导入项目</translation>
    </message>
    <message>
        <location filename="../ui/edit/page.py" line="557"/>
        <source>Export the edited audio</source>
        <translation>导出编辑后的音频</translation>
    </message>
    <message>
        <location filename="../ui/edit/page.py" line="566"/>
        <source>Export the project</source>
        <translation>导出项目</translation>
    </message>
    <message>
        <location filename="../ui/edit/page.py" line="572"/>
        <location filename="../ui/edit/words.py" line="226"/>
        <location filename="../ui/speak/subtitles.py" line="68"/>
        <location filename="../ui/speak/token_view.py" line="280"/>
        <source>Exported {path}</source>
        <translation>已导出 {path}</translation>
    </message>
    <message>
        <location filename="../ui/speak/transport.py" line="40"/>
        <location filename="../ui/speak/transport.py" line="89"/>
        <source>Play or pause the take (Ctrl+Space, or Space outside the editor)</source>
        <translation>播放或暂停（Ctrl+空格；焦点不在编辑器时按空格）</translation>
    </message>
    <message>
        <location filename="../ui/chat/sessions_panel.py" line="65"/>
        <location filename="../ui/clone/voices_page.py" line="168"/>
        <location filename="../ui/speak/transport.py" line="42"/>
        <location filename="../../widgets/take_list.py" line="344"/>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../ui/speak/transport.py" line="43"/>
        <source>Export the selected take as WAV, FLAC, OGG or MP3</source>
        <translation>将所选音频导出为 WAV、FLAC、OGG 或 MP3</translation>
    </message>
    <message>
        <location filename="../ui/speak/transport.py" line="47"/>
        <source>Also write a metadata sidecar (.json)</source>
        <translation>同时写入元数据文件（.json）</translation>
    </message>
    <message>
        <location filename="../ui/speak/take_view.py" line="71"/>
        <location filename="../../widgets/take_list.py" line="333"/>
        <source>Takes</source>
        <translation>历史音频</translation>
    </message>
    <message>
        <location filename="../ui/speak/script_lines.py" line="44"/>
        <source>Line</source>
        <translation>台词</translation>
    </message>
    <message>
        <location filename="../ui/speak/script_lines.py" line="50"/>
        <source>Lines of the script</source>
        <translation>脚本台词</translation>
    </message>
    <message>
        <location filename="../ui/speak/script_lines.py" line="53"/>
        <source>Move Up</source>
        <translation>上移</translation>
    </message>
    <message>
        <location filename="../ui/speak/script_lines.py" line="54"/>
        <source>Move Down</source>
        <translation>下移</translation>
    </message>
    <message>
        <location filename="../ui/speak/script_lines.py" line="55"/>
        <source>Play Line</source>
        <translation>播放台词</translation>
    </message>
    <message>
        <location filename="../ui/speak/script_lines.py" line="56"/>
        <source>Make Again</source>
        <translation>重新生成</translation>
    </message>
    <message>
        <location filename="../ui/speak/script_lines.py" line="59"/>
        <location filename="../ui/speak/script_lines.py" line="112"/>
        <source>Take in use</source>
        <translation>当前使用的版本</translation>
    </message>
    <message>
        <location filename="../ui/speak/script_lines.py" line="105"/>
        <source>Render the script first; then a line can be heard, made again or given an earlier take.</source>
        <translation>请先渲染脚本；之后可以试听某一句、重新生成，或换回较早的版本。</translation>
    </message>
    <message>
        <location filename="../ui/speak/script_lines.py" line="112"/>
        <source>Earlier take {0}</source>
        <translation>较早的版本 {0}</translation>
    </message>
    <message>
        <location filename="../ui/speak/take_view.py" line="80"/>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <location filename="../ui/speak/page.py" line="169"/>
        <source>Play/Pause</source>
        <translation>播放/暂停</translation>
    </message>
    <message>
        <location filename="../ui/speak/voice_bar.py" line="91"/>
        <location filename="../ui/speak/voice_bar.py" line="295"/>
        <source>Available once the engine is loaded</source>
        <translation>引擎加载后可用</translation>
    </message>
    <message>
        <location filename="../ui/speak/voice_bar.py" line="94"/>
        <location filename="../ui/speak/voice_bar.py" line="293"/>
        <source>Reset to the default</source>
        <translation>恢复默认值</translation>
    </message>
    <message>
        <location filename="../ui/speak/presets.py" line="262"/>
        <source>The preset “{0}” was not applied: its engine could not be loaded.</source>
        <translation>未应用预设“{0}”：无法加载其引擎。</translation>
    </message>
    <message>
        <location filename="../ui/clone/voices_page.py" line="51"/>
        <location filename="../ui/clone/voices_page.py" line="268"/>
        <location filename="../ui/speak/voice_bar.py" line="164"/>
        <source>cloned</source>
        <translation>克隆</translation>
    </message>
    <message>
        <location filename="../ui/clone/voices_page.py" line="51"/>
        <location filename="../ui/clone/voices_page.py" line="268"/>
        <location filename="../ui/speak/voice_bar.py" line="164"/>
        <source>matched</source>
        <translation>匹配</translation>
    </message>
    <message>
        <location filename="../ui/speak/voice_bar.py" line="165"/>
        <source>{0} ({1}, similarity {2:.2f})</source>
        <translation>{0}（{1}，相似度 {2:.2f}）</translation>
    </message>
    <message>
        <location filename="../ui/speak/voice_bar.py" line="169"/>
        <source>Your voice from the library</source>
        <translation>来自你的音色库</translation>
    </message>
    <message>
        <location filename="../ui/speak/voice_bar.py" line="202"/>
        <source>speed</source>
        <translation>语速</translation>
    </message>
    <message>
        <location filename="../ui/speak/voice_bar.py" line="202"/>
        <source>pitch</source>
        <translation>音高</translation>
    </message>
    <message>
        <location filename="../ui/speak/voice_bar.py" line="203"/>
        <source>{0} has no {1} control</source>
        <translation>{0} 不支持调节{1}</translation>
    </message>
    <message>
        <location filename="../ui/speak/voice_bar.py" line="204"/>
        <source>n/a</source>
        <translation>不适用</translation>
    </message>
    <message>
        <location filename="../ui/edit/instruction_panel.py" line="86"/>
        <location filename="../ui/speak/voice_bar.py" line="228"/>
        <location filename="../ui/speak/voice_bar.py" line="238"/>
        <source>native</source>
        <translation>原生</translation>
    </message>
    <message>
        <location filename="../ui/speak/voice_bar.py" line="228"/>
        <location filename="../ui/speak/voice_bar.py" line="238"/>
        <source>post-process</source>
        <translation>后期处理</translation>
    </message>
    <message>
        <location filename="../ui/speak/voice_bar.py" line="287"/>
        <source>{0} st</source>
        <translation>{0} 半音</translation>
    </message>
    <message>
        <location filename="../ui/speak/voice_bar.py" line="294"/>
        <source>At the default; move the slider to change it</source>
        <translation>当前为默认值；拖动滑块即可更改</translation>
    </message>
    <message>
        <location filename="../ui/speak/text_panel.py" line="99"/>
        <source>{0} characters</source>
        <translation>{0} 个字符</translation>
    </message>
    <message>
        <location filename="../ui/speak/text_panel.py" line="101"/>
        <source>{0} characters · {1} spoken</source>
        <translation>{0} 个字符 · 朗读 {1} 个</translation>
    </message>
    <message>
        <location filename="../ui/speak/text_panel.py" line="103"/>
        <source>(limit {0})</source>
        <translation>（上限 {0}）</translation>
    </message>
    <message>
        <location filename="../ui/speak/text_panel.py" line="109"/>
        <source>{0} tags</source>
        <translation>{0} 个标签</translation>
    </message>
    <message>
        <location filename="../ui/speak/text_panel.py" line="120"/>
        <source>1 tag won&apos;t be honoured by {0}: {1}</source>
        <translation>{0} 无法执行 1 个标签：{1}</translation>
    </message>
    <message>
        <location filename="../ui/speak/text_panel.py" line="122"/>
        <source>{0} tags won&apos;t be honoured by {1}: {2}</source>
        <translation>{1} 无法执行 {0} 个标签：{2}</translation>
    </message>
    <message>
        <location filename="../ui/speak/text_panel.py" line="124"/>
        <source>{0} approximated</source>
        <translation>{0} 个近似实现</translation>
    </message>
    <message>
        <location filename="../ui/speak/text_panel.py" line="126"/>
        <source>{0} tags, all honoured by {1}</source>
        <translation>{0} 个标签，{1} 全部支持</translation>
    </message>
    <message>
        <location filename="../ui/speak/text_panel.py" line="85"/>
        <source>Type the text to speak first.</source>
        <translation>请先输入要朗读的文字。</translation>
    </message>
    <message>
        <location filename="../ui/speak/text_panel.py" line="87"/>
        <source>This text has {0} characters; one take holds up to {1} (about 20 minutes of speech). Split it into several takes. Your text stays in the editor.</source>
        <translation>文本共 {0} 个字符；单次生成最多 {1} 个字符（约 20 分钟语音）。请分成几次生成。你的文字仍保留在编辑器中。</translation>
    </message>
    <message>
        <location filename="../ui/speak/text_panel.py" line="92"/>
        <source>There are only tags here and nothing to say. Write some words after the tags.</source>
        <translation>这里只有标签，没有要朗读的文字。请在标签后写些内容。</translation>
    </message>
    <message>
        <location filename="../ui/speak/page.py" line="370"/>
        <source>A take is already being generated. Stop it first (Esc).</source>
        <translation>正在生成音频。请先停止（Esc）。</translation>
    </message>
    <message>
        <location filename="../ui/speak/page.py" line="380"/>
        <source>The engine is not ready yet: {0}</source>
        <translation>引擎尚未就绪：{0}</translation>
    </message>
    <message>
        <location filename="../ui/speak/page.py" line="410"/>
        <location filename="../ui/speak/page.py" line="414"/>
        <source>Generating…</source>
        <translation>正在生成…</translation>
    </message>
    <message>
        <location filename="../ui/speak/page.py" line="423"/>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
    <message>
        <location filename="../ui/speak/page.py" line="437"/>
        <source>Sentence {0} of {1}</source>
        <translation>第 {0} 句，共 {1} 句</translation>
    </message>
    <message>
        <location filename="../ui/speak/page.py" line="453"/>
        <source>The take failed. See the message above.</source>
        <translation>生成失败，请查看上方消息。</translation>
    </message>
    <message>
        <location filename="../ui/speak/page.py" line="455"/>
        <source>The take failed: {0}</source>
        <translation>生成失败：{0}</translation>
    </message>
    <message>
        <location filename="../ui/speak/page.py" line="457"/>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../ui/speak/page.py" line="462"/>
        <source>Stopped. The unfinished take was discarded.</source>
        <translation>已停止。未完成的音频已丢弃。</translation>
    </message>
    <message>
        <location filename="../ui/speak/page.py" line="464"/>
        <source>Stopped. The unfinished take was discarded; finished takes are kept in the history.</source>
        <translation>已停止。未完成的音频已丢弃；已完成的音频保留在历史中。</translation>
    </message>
    <message>
        <location filename="../ui/speak/page.py" line="466"/>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <location filename="../ui/speak/page.py" line="473"/>
        <source>first audio in {0:.2f} s</source>
        <translation>首段音频用时 {0:.2f} 秒</translation>
    </message>
    <message>
        <location filename="../ui/speak/page.py" line="478"/>
        <source>Generating… {0:.1f} s so far</source>
        <translation>正在生成… 已生成 {0:.1f} 秒</translation>
    </message>
    <message>
        <location filename="../ui/speak/page.py" line="490"/>
        <source>The engine finished without producing any audio.</source>
        <translation>引擎已结束，但没有生成任何音频。</translation>
    </message>
    <message>
        <location filename="../ui/speak/page.py" line="492"/>
        <location filename="../../widgets/timeline_access.py" line="98"/>
        <source>No audio</source>
        <translation>没有音频</translation>
    </message>
    <message>
        <location filename="../ui/speak/page.py" line="497"/>
        <source>Done: {0:.1f} s of audio in {1:.1f} s</source>
        <translation>完成：{1:.1f} 秒生成 {0:.1f} 秒音频</translation>
    </message>
    <message>
        <location filename="../ui/speak/presets.py" line="98"/>
        <source>The shipped presets could not be read: {0}</source>
        <translation>无法读取内置预设：{0}</translation>
    </message>
    <message>
        <location filename="../ui/speak/presets.py" line="105"/>
        <source>Some shipped presets could not be read and are not offered:</source>
        <translation>部分内置预设无法读取，因此未列出：</translation>
    </message>
    <message>
        <location filename="../ui/speak/presets.py" line="121"/>
        <source>Your presets could not be read: {0}</source>
        <translation>无法读取你的预设：{0}</translation>
    </message>
    <message>
        <location filename="../ui/speak/presets.py" line="130"/>
        <source>Shipped presets</source>
        <translation>内置预设</translation>
    </message>
    <message>
        <location filename="../ui/speak/presets.py" line="134"/>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location filename="../ui/speak/presets.py" line="135"/>
        <source>Your presets</source>
        <translation>我的预设</translation>
    </message>
    <message>
        <location filename="../ui/speak/presets.py" line="139"/>
        <source>No saved presets yet</source>
        <translation>尚未保存任何预设</translation>
    </message>
    <message>
        <location filename="../ui/speak/presets.py" line="140"/>
        <source>Opening your presets…</source>
        <translation>正在打开你的预设…</translation>
    </message>
    <message>
        <location filename="../ui/speak/presets.py" line="143"/>
        <source>Save current settings as preset…</source>
        <translation>将当前设置保存为预设…</translation>
    </message>
    <message>
        <location filename="../ui/speak/presets.py" line="146"/>
        <source>Waiting for the voice library to open.</source>
        <translation>正在等待音色库打开。</translation>
    </message>
    <message>
        <location filename="../ui/speak/presets.py" line="148"/>
        <location filename="../ui/speak/presets.py" line="370"/>
        <source>Delete preset</source>
        <translation>删除预设</translation>
    </message>
    <message>
        <location filename="../ui/speak/presets.py" line="166"/>
        <source>{0} (your library)</source>
        <translation>{0}（我的音色库）</translation>
    </message>
    <message>
        <location filename="../ui/chat/controls.py" line="212"/>
        <location filename="../ui/speak/presets.py" line="169"/>
        <source>Voice: {0}</source>
        <translation>音色：{0}</translation>
    </message>
    <message>
        <location filename="../ui/speak/presets.py" line="172"/>
        <source>Engine: {0}</source>
        <translation>引擎：{0}</translation>
    </message>
    <message>
        <location filename="../ui/speak/presets.py" line="174"/>
        <source>Tags: {0}</source>
        <translation>标签：{0}</translation>
    </message>
    <message>
        <location filename="../ui/speak/presets.py" line="175"/>
        <source>Speed {0}×, pitch {1} st</source>
        <translation>语速 {0}×，音高 {1} 半音</translation>
    </message>
    <message>
        <location filename="../ui/speak/presets.py" line="197"/>
        <location filename="../ui/speak/presets.py" line="243"/>
        <source>Stop the current take before applying a preset.</source>
        <translation>请先停止当前生成，再应用预设。</translation>
    </message>
    <message>
        <location filename="../ui/speak/presets.py" line="204"/>
        <source>The preset “{0}” was not applied: the engine is not ready yet ({1}).</source>
        <translation>未应用预设“{0}”：引擎尚未就绪（{1}）。</translation>
    </message>
    <message>
        <location filename="../ui/speak/presets.py" line="212"/>
        <source>engines are still being found</source>
        <translation>仍在查找引擎</translation>
    </message>
    <message>
        <location filename="../ui/speak/presets.py" line="248"/>
        <source>Switching engine for the preset “{0}”…</source>
        <translation>正在为预设“{0}”切换引擎…</translation>
    </message>
    <message>
        <location filename="../ui/speak/presets.py" line="270"/>
        <source>its voice is no longer in your voice library.</source>
        <translation>它的音色已不在你的音色库中。</translation>
    </message>
    <message>
        <location filename="../ui/speak/presets.py" line="272"/>
        <source>your voice “{0}” has no profile for this engine yet (make one on the Clone page).</source>
        <translation>你的音色“{0}”还没有适用于此引擎的配置（请在“克隆”页面创建）。</translation>
    </message>
    <message>
        <location filename="../ui/speak/presets.py" line="277"/>
        <source>the engine “{0}” has no voice “{1}”.</source>
        <translation>引擎“{0}”没有音色“{1}”。</translation>
    </message>
    <message>
        <location filename="../ui/speak/presets.py" line="280"/>
        <source>The preset “{0}” was not applied: {1}</source>
        <translation>未应用预设“{0}”：{1}</translation>
    </message>
    <message>
        <location filename="../ui/speak/presets.py" line="295"/>
        <source>its voice is not offered here.</source>
        <translation>此处不提供它的音色。</translation>
    </message>
    <message>
        <location filename="../ui/speak/presets.py" line="303"/>
        <source>Applied the preset “{0}”</source>
        <translation>已应用预设“{0}”</translation>
    </message>
    <message>
        <location filename="../ui/speak/presets.py" line="310"/>
        <source>Save preset</source>
        <translation>保存预设</translation>
    </message>
    <message>
        <location filename="../ui/speak/presets.py" line="314"/>
        <source>e.g. Calm narrator</source>
        <translation>例如：沉稳旁白</translation>
    </message>
    <message>
        <location filename="../ui/speak/presets.py" line="316"/>
        <source>Optional: what it is for</source>
        <translation>可选：用途说明</translation>
    </message>
    <message>
        <location filename="../ui/shell/remote_engine_dialog.py" line="65"/>
        <source>Use an engine that runs on another machine (or in another process) under &lt;code&gt;step-studio serve&lt;/code&gt;.</source>
        <translation>使用在另一台机器（或另一个进程）上以 &lt;code&gt;step-studio serve&lt;/code&gt; 运行的引擎。</translation>
    </message>
    <message>
        <location filename="../ui/shell/remote_engine_dialog.py" line="72"/>
        <location filename="../ui/shell/remote_engine_dialog.py" line="74"/>
        <source>Server address</source>
        <translation>服务器地址</translation>
    </message>
    <message>
        <location filename="../ui/shell/remote_engine_dialog.py" line="73"/>
        <source>The engine server&apos;s address, e.g. {0}</source>
        <translation>引擎服务器的地址，例如 {0}</translation>
    </message>
    <message>
        <location filename="../ui/shell/remote_engine_dialog.py" line="77"/>
        <source>optional</source>
        <translation>可选</translation>
    </message>
    <message>
        <location filename="../ui/shell/remote_engine_dialog.py" line="78"/>
        <source>Server key</source>
        <translation>服务器密钥</translation>
    </message>
    <message>
        <location filename="../ui/shell/remote_engine_dialog.py" line="80"/>
        <source>The key the server was started with (step-studio serve --key), if it needs one. It is stored as you type it, in plain text, in the studio&apos;s settings file.</source>
        <translation>服务器启动时使用的密钥（step-studio serve --key），如需要。它会按输入原样以明文保存在工作室的设置文件中。</translation>
    </message>
    <message>
        <location filename="../ui/chat/model_dialog.py" line="88"/>
        <location filename="../ui/shell/remote_engine_dialog.py" line="82"/>
        <source>Key</source>
        <translation>密钥</translation>
    </message>
    <message>
        <location filename="../ui/chat/model_dialog.py" line="97"/>
        <location filename="../ui/shell/remote_engine_dialog.py" line="86"/>
        <source>Test</source>
        <translation>测试</translation>
    </message>
    <message>
        <location filename="../ui/shell/remote_engine_dialog.py" line="87"/>
        <source>Ask the server which engines it offers</source>
        <translation>询问服务器提供哪些引擎</translation>
    </message>
    <message>
        <location filename="../ui/shell/remote_engine_dialog.py" line="90"/>
        <location filename="../ui/shell/remote_engine_dialog.py" line="197"/>
        <source>Press Test to see the engines this server offers.</source>
        <translation>点击“测试”查看此服务器提供的引擎。</translation>
    </message>
    <message>
        <location filename="../ui/shell/remote_engine_dialog.py" line="97"/>
        <source>Engines on the server</source>
        <translation>服务器上的引擎</translation>
    </message>
    <message>
        <location filename="../ui/shell/remote_engine_dialog.py" line="104"/>
        <location filename="../ui/shell/remote_engine_dialog.py" line="107"/>
        <location filename="../ui/speak/presets.py" line="317"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../ui/shell/remote_engine_dialog.py" line="105"/>
        <source>How this engine is called in the engine picker</source>
        <translation>此引擎在引擎选择器中显示的名称</translation>
    </message>
    <message>
        <location filename="../ui/shell/remote_engine_dialog.py" line="115"/>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <location filename="../ui/shell/remote_engine_dialog.py" line="142"/>
        <source>Asking {0}…</source>
        <translation>正在询问 {0}…</translation>
    </message>
    <message>
        <location filename="../ui/shell/remote_engine_dialog.py" line="164"/>
        <source>The server at {0} answered, but offers no engines.</source>
        <translation>{0} 上的服务器已响应，但未提供任何引擎。</translation>
    </message>
    <message>
        <location filename="../ui/shell/remote_engine_dialog.py" line="171"/>
        <source>cannot run there now: {0}</source>
        <translation>目前无法在那里运行：{0}</translation>
    </message>
    <message>
        <location filename="../ui/shell/remote_engine_dialog.py" line="175"/>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <location filename="../ui/shell/remote_engine_dialog.py" line="177"/>
        <source>The server at {0} offers {1} engine(s). Pick one.</source>
        <translation>{0} 上的服务器提供 {1} 个引擎，请选择一个。</translation>
    </message>
    <message>
        <location filename="../ui/speak/presets.py" line="318"/>
        <source>Description</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../ui/speak/presets.py" line="351"/>
        <source>Choose an engine and a voice before saving a preset.</source>
        <translation>保存预设前，请先选择引擎和音色。</translation>
    </message>
    <message>
        <location filename="../ui/speak/presets.py" line="361"/>
        <source>Saved the preset “{0}”</source>
        <translation>已保存预设“{0}”</translation>
    </message>
    <message>
        <location filename="../ui/speak/presets.py" line="365"/>
        <source>The preset could not be saved: {0}</source>
        <translation>无法保存预设：{0}</translation>
    </message>
    <message>
        <location filename="../ui/speak/presets.py" line="371"/>
        <source>Delete the preset “{0}”? This cannot be undone.</source>
        <translation>删除预设“{0}”？此操作无法撤销。</translation>
    </message>
    <message>
        <location filename="../ui/speak/presets.py" line="384"/>
        <source>Deleted the preset “{0}”</source>
        <translation>已删除预设“{0}”</translation>
    </message>
    <message>
        <location filename="../ui/speak/presets.py" line="388"/>
        <source>The preset could not be deleted: {0}</source>
        <translation>无法删除预设：{0}</translation>
    </message>
    <message>
        <location filename="../ui/speak/take_view.py" line="109"/>
        <source>The take history could not be read: {0}</source>
        <translation>无法读取历史音频：{0}</translation>
    </message>
    <message>
        <location filename="../ui/speak/take_view.py" line="122"/>
        <source>Takes cannot be kept: {0} Generating and exporting still work.</source>
        <translation>无法保存音频：{0} 仍可生成和导出。</translation>
    </message>
    <message>
        <location filename="../ui/speak/take_view.py" line="162"/>
        <source>Saved “{0}” to the history</source>
        <translation>已将“{0}”保存到历史</translation>
    </message>
    <message>
        <location filename="../ui/speak/take_view.py" line="166"/>
        <source>The take could not be saved: {0} It is still shown here; export it to keep it.</source>
        <translation>音频未能保存：{0} 它仍显示在这里，可导出以保留。</translation>
    </message>
    <message>
        <location filename="../ui/speak/take_view.py" line="195"/>
        <source>The audio file of this take is missing.</source>
        <translation>此音频的文件已丢失。</translation>
    </message>
    <message>
        <location filename="../ui/speak/take_view.py" line="200"/>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <location filename="../ui/speak/take_view.py" line="210"/>
        <source>This take&apos;s audio cannot be read: {0}</source>
        <translation>无法读取此音频：{0}</translation>
    </message>
    <message>
        <location filename="../ui/speak/take_view.py" line="226"/>
        <source>Could not rename the take: {0}</source>
        <translation>无法重命名：{0}</translation>
    </message>
    <message>
        <location filename="../ui/speak/take_view.py" line="234"/>
        <source>Could not change the favourite: {0}</source>
        <translation>无法更改收藏：{0}</translation>
    </message>
    <message>
        <location filename="../ui/speak/take_view.py" line="246"/>
        <source>Delete take</source>
        <translation>删除音频</translation>
    </message>
    <message>
        <location filename="../ui/speak/take_view.py" line="247"/>
        <source>Delete “{0}”? Its audio is removed from the history; this cannot be undone.</source>
        <translation>删除“{0}”？其音频将从历史中移除，且无法撤销。</translation>
    </message>
    <message>
        <location filename="../ui/speak/take_view.py" line="265"/>
        <source>Could not delete the take: {0}</source>
        <translation>无法删除：{0}</translation>
    </message>
    <message>
        <location filename="../ui/speak/transport.py" line="100"/>
        <source>No sound output</source>
        <translation>无声音输出</translation>
    </message>
    <message>
        <location filename="../ui/chat/page.py" line="516"/>
        <location filename="../ui/clone/check_step.py" line="297"/>
        <location filename="../ui/clone/step_kit.py" line="48"/>
        <location filename="../ui/clone/step_kit.py" line="56"/>
        <location filename="../ui/clone/voices_page.py" line="405"/>
        <location filename="../ui/edit/page.py" line="228"/>
        <location filename="../ui/speak/playback.py" line="61"/>
        <location filename="../ui/speak/transport.py" line="86"/>
        <location filename="../ui/speak/transport.py" line="101"/>
        <source>No audio output device.</source>
        <translation>没有音频输出设备。</translation>
    </message>
    <message>
        <location filename="../ui/speak/take_view.py" line="307"/>
        <source>Export take</source>
        <translation>导出音频</translation>
    </message>
    <message>
        <location filename="../ui/speak/take_view.py" line="338"/>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <location filename="../ui/speak/take_view.py" line="341"/>
        <source>Exported to {0}</source>
        <translation>已导出到 {0}</translation>
    </message>
    <message>
        <location filename="../ui/chat/sessions_panel.py" line="193"/>
        <location filename="../ui/clone/voices_page.py" line="524"/>
        <location filename="../ui/speak/subtitles.py" line="71"/>
        <location filename="../ui/speak/take_view.py" line="342"/>
        <location filename="../ui/speak/token_view.py" line="283"/>
        <source>Export failed: {0}</source>
        <translation>导出失败：{0}</translation>
    </message>
    <message>
        <location filename="../ui/speak/page.py" line="560"/>
        <source>{0}: {1}</source>
        <translation>{0}：{1}</translation>
    </message>
    <message>
        <location filename="../ui/speak/page.py" line="562"/>
        <source>{0} reported {1} things about this take:</source>
        <translation>{0} 对本次生成报告了 {1} 条提示：</translation>
    </message>
    <message>
        <location filename="../ui/edit/page.py" line="352"/>
        <location filename="../ui/speak/transport.py" line="92"/>
        <location filename="../../widgets/tag_picker.py" line="69"/>
        <location filename="../../widgets/tag_picker.py" line="136"/>
        <source>Pause</source>
        <translation>停顿</translation>
    </message>
    <message>
        <location filename="../ui/edit/instruction_panel.py" line="37"/>
        <location filename="../../widgets/tag_picker.py" line="64"/>
        <source>Emotion</source>
        <translation>情感</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="65"/>
        <source>Language / Dialect</source>
        <translation>语言 / 方言</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="67"/>
        <source>Music</source>
        <translation>音乐</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="68"/>
        <source>Sounds</source>
        <translation>声音效果</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="80"/>
        <source>Insert a {0} tag</source>
        <translation>插入{0}标签</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="108"/>
        <source>Pause {0} s</source>
        <translation>停顿 {0} 秒</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="110"/>
        <source>Pause of another length…</source>
        <translation>其他停顿时长…</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="136"/>
        <source>Pause length in seconds:</source>
        <translation>停顿时长（秒）：</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="147"/>
        <source>Choose an engine to see whether it honours this tag.</source>
        <translation>选择引擎后可查看它是否支持此标签。</translation>
    </message>
    <message>
        <location filename="../../widgets/take_details.py" line="59"/>
        <source>({0} more characters: export with the metadata file (.json) to keep them all)</source>
        <translation>（另有 {0} 个字符：导出时同时写入元数据文件（.json）即可保留全部）</translation>
    </message>
    <message>
        <location filename="../../widgets/take_details.py" line="80"/>
        <source>Take details</source>
        <translation>音频详情</translation>
    </message>
    <message>
        <location filename="../../widgets/take_details.py" line="89"/>
        <source>Select a take to see how it was made.</source>
        <translation>选择一段音频，查看它是如何生成的。</translation>
    </message>
    <message>
        <location filename="../../widgets/take_details.py" line="96"/>
        <location filename="../../widgets/take_list.py" line="256"/>
        <source>default voice</source>
        <translation>默认声音</translation>
    </message>
    <message>
        <location filename="../../widgets/take_details.py" line="97"/>
        <source>Duration</source>
        <translation>时长</translation>
    </message>
    <message>
        <location filename="../../widgets/take_details.py" line="98"/>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <location filename="../ui/clone/check_tokens.py" line="40"/>
        <location filename="../ui/clone/check_tokens.py" line="90"/>
        <location filename="../../widgets/take_details.py" line="107"/>
        <source>Audio tokens</source>
        <translation>音频 token</translation>
    </message>
    <message>
        <location filename="../ui/clone/consent_step.py" line="75"/>
        <location filename="../ui/clone/consent_step.py" line="76"/>
        <location filename="../ui/clone/voices_page.py" line="373"/>
        <location filename="../ui/speak/script_speakers.py" line="44"/>
        <location filename="../../widgets/take_details.py" line="102"/>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <location filename="../../widgets/take_list.py" line="308"/>
        <location filename="../../widgets/take_list.py" line="310"/>
        <source>Search takes</source>
        <translation>搜索历史音频</translation>
    </message>
    <message>
        <location filename="../../widgets/take_list.py" line="316"/>
        <location filename="../../widgets/take_list.py" line="317"/>
        <source>Show favourites only</source>
        <translation>只显示收藏</translation>
    </message>
    <message>
        <location filename="../../widgets/take_list.py" line="339"/>
        <source>No takes yet. Each take you generate is kept here.</source>
        <translation>还没有音频。每次生成的音频都会保存在这里。</translation>
    </message>
    <message>
        <location filename="../../widgets/take_list.py" line="347"/>
        <source>Open this take in the Edit workspace (the take itself is kept)</source>
        <translation>在“编辑”工作区中打开这条录音（录音本身保持不变）</translation>
    </message>
    <message>
        <location filename="../ui/edit/projects_panel.py" line="36"/>
        <source>Projects</source>
        <translation>项目</translation>
    </message>
    <message>
        <location filename="../ui/edit/projects_panel.py" line="39"/>
        <source>Open recording…</source>
        <translation>打开录音…</translation>
    </message>
    <message>
        <location filename="../ui/edit/projects_panel.py" line="40"/>
        <source>Start a project from any audio file: the file itself is never changed</source>
        <translation>从任意音频文件新建项目：文件本身不会被修改</translation>
    </message>
    <message>
        <location filename="../ui/edit/projects_panel.py" line="45"/>
        <source>Edit projects</source>
        <translation>编辑项目</translation>
    </message>
    <message>
        <location filename="../ui/edit/projects_panel.py" line="51"/>
        <source>No projects yet. Open a recording, or choose Edit on a take.</source>
        <translation>还没有项目。打开一段录音，或在录音上选择“编辑”。</translation>
    </message>
    <message>
        <location filename="../ui/edit/projects_panel.py" line="56"/>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location filename="../ui/edit/projects_panel.py" line="58"/>
        <location filename="../../widgets/take_list.py" line="342"/>
        <source>Rename</source>
        <translation>重命名</translation>
    </message>
    <message>
        <location filename="../ui/edit/projects_panel.py" line="65"/>
        <source>Import project…</source>
        <translation>导入项目…</translation>
    </message>
    <message>
        <location filename="../ui/edit/projects_panel.py" line="66"/>
        <source>Open a shared .stepedit project file</source>
        <translation>打开分享的 .stepedit 项目文件</translation>
    </message>
    <message>
        <location filename="../../widgets/take_list.py" line="343"/>
        <source>Favourite</source>
        <translation>收藏</translation>
    </message>
    <message>
        <location filename="../ui/chat/sessions_panel.py" line="67"/>
        <location filename="../ui/edit/history_panel.py" line="23"/>
        <location filename="../ui/edit/operations.py" line="40"/>
        <location filename="../ui/edit/projects_panel.py" line="60"/>
        <location filename="../../widgets/take_list.py" line="348"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../widgets/take_list.py" line="455"/>
        <source>Remove from favourites</source>
        <translation>取消收藏</translation>
    </message>
    <message>
        <location filename="../../widgets/take_list.py" line="456"/>
        <source>Add to favourites</source>
        <translation>加入收藏</translation>
    </message>
    <message>
        <location filename="../ui/clone/voices_page.py" line="52"/>
        <source>imported</source>
        <translation>导入</translation>
    </message>
    <message>
        <location filename="../ui/clone/voices_page.py" line="129"/>
        <location filename="../ui/clone/voices_page.py" line="152"/>
        <location filename="../ui/shell/engine_memory.py" line="78"/>
        <source>Voices</source>
        <translation>音色</translation>
    </message>
    <message>
        <location filename="../ui/clone/voices_page.py" line="133"/>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <location filename="../ui/clone/voices_page.py" line="134"/>
        <source>Add voices from a bundle file; you see what is inside first</source>
        <translation>从音色包文件添加音色；导入前会先显示其内容</translation>
    </message>
    <message>
        <location filename="../ui/clone/voices_page.py" line="135"/>
        <source>New voice…</source>
        <translation>新建音色…</translation>
    </message>
    <message>
        <location filename="../ui/clone/voices_page.py" line="137"/>
        <source>Record or import a few seconds of speech and make a voice</source>
        <translation>录制或导入几秒钟语音，制作一个音色</translation>
    </message>
    <message>
        <location filename="../ui/clone/voices_page.py" line="142"/>
        <source>Search voices, tags, languages…</source>
        <translation>搜索音色、标签、语言…</translation>
    </message>
    <message>
        <location filename="../ui/clone/voices_page.py" line="144"/>
        <source>Search voices</source>
        <translation>搜索音色</translation>
    </message>
    <message>
        <location filename="../ui/chat/sessions_panel.py" line="66"/>
        <location filename="../ui/clone/voices_page.py" line="166"/>
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <location filename="../ui/clone/voices_page.py" line="165"/>
        <source>Play reference</source>
        <translation>播放参考音频</translation>
    </message>
    <message>
        <location filename="../ui/clone/voices_page.py" line="167"/>
        <source>Duplicate</source>
        <translation>创建副本</translation>
    </message>
    <message>
        <location filename="../ui/clone/voices_page.py" line="169"/>
        <source>Edit reference…</source>
        <translation>编辑参考录音…</translation>
    </message>
    <message>
        <location filename="../ui/clone/voices_page.py" line="170"/>
        <source>Open a copy of the reference recording in the Edit workspace</source>
        <translation>在“编辑”工作区中打开参考录音的副本</translation>
    </message>
    <message>
        <location filename="../ui/clone/voices_page.py" line="171"/>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <location filename="../ui/clone/voices_page.py" line="184"/>
        <source>Voice details</source>
        <translation>音色详情</translation>
    </message>
    <message>
        <location filename="../ui/clone/voices_page.py" line="212"/>
        <source>The voice library cannot be opened: {0}</source>
        <translation>无法打开音色库：{0}</translation>
    </message>
    <message>
        <location filename="../ui/clone/voices_page.py" line="248"/>
        <source>The voices could not be read: {0}</source>
        <translation>无法读取音色：{0}</translation>
    </message>
    <message>
        <location filename="../ui/clone/voices_page.py" line="269"/>
        <source>reference only</source>
        <translation>仅参考音频</translation>
    </message>
    <message>
        <location filename="../ui/clone/voices_page.py" line="273"/>
        <source>Your voice</source>
        <translation>你的音色</translation>
    </message>
    <message>
        <location filename="../ui/clone/voices_page.py" line="285"/>
        <source>A voice that comes with {0}</source>
        <translation>{0} 自带的音色</translation>
    </message>
    <message>
        <location filename="../ui/clone/voices_page.py" line="331"/>
        <source>Languages</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../ui/clone/voices_page.py" line="332"/>
        <source>Gender</source>
        <translation>性别</translation>
    </message>
    <message>
        <location filename="../ui/clone/voices_page.py" line="333"/>
        <source>Sample rate</source>
        <translation>采样率</translation>
    </message>
    <message>
        <location filename="../ui/clone/voices_page.py" line="357"/>
        <source>clone</source>
        <translation>克隆</translation>
    </message>
    <message>
        <location filename="../ui/clone/voices_page.py" line="357"/>
        <source>voice match</source>
        <translation>音色匹配</translation>
    </message>
    <message>
        <location filename="../ui/clone/voices_page.py" line="360"/>
        <source>, similarity {0:.2f}</source>
        <translation>，相似度 {0:.2f}</translation>
    </message>
    <message>
        <location filename="../ui/clone/voices_page.py" line="362"/>
        <source> (default voice {0:.2f})</source>
        <translation>（默认音色 {0:.2f}）</translation>
    </message>
    <message>
        <location filename="../ui/clone/voices_page.py" line="380"/>
        <source>Consent</source>
        <translation>授权</translation>
    </message>
    <message>
        <location filename="../ui/clone/voices_page.py" line="380"/>
        <source>given</source>
        <translation>已同意</translation>
    </message>
    <message>
        <location filename="../ui/clone/voices_page.py" line="380"/>
        <source>not recorded</source>
        <translation>未记录</translation>
    </message>
    <message>
        <location filename="../ui/clone/voices_page.py" line="385"/>
        <source>Recorded</source>
        <translation>录制日期</translation>
    </message>
    <message>
        <location filename="../ui/clone/voices_page.py" line="397"/>
        <source>Built-in voices belong to their engine</source>
        <translation>内置音色属于其引擎</translation>
    </message>
    <message>
        <location filename="../ui/clone/voices_page.py" line="397"/>
        <source>Select a voice</source>
        <translation>请选择一个音色</translation>
    </message>
    <message>
        <location filename="../ui/clone/voices_page.py" line="406"/>
        <source>Listen to the reference recording</source>
        <translation>试听参考音频</translation>
    </message>
    <message>
        <location filename="../ui/clone/voices_page.py" line="407"/>
        <source>Built-in voices have no reference recording</source>
        <translation>内置音色没有参考音频</translation>
    </message>
    <message>
        <location filename="../ui/clone/voices_page.py" line="425"/>
        <location filename="../ui/clone/voices_page.py" line="437"/>
        <source>The reference cannot be read: {0}</source>
        <translation>无法读取参考音频：{0}</translation>
    </message>
    <message>
        <location filename="../ui/clone/voices_page.py" line="447"/>
        <source>Delete voice</source>
        <translation>删除音色</translation>
    </message>
    <message>
        <location filename="../ui/clone/voices_page.py" line="450"/>
        <source>Delete the voice “{0}”, its reference recording and its profiles? This cannot be undone.</source>
        <translation>删除音色“{0}”及其参考音频和配置？此操作无法撤销。</translation>
    </message>
    <message>
        <location filename="../ui/clone/voices_page.py" line="468"/>
        <source>Rename voice</source>
        <translation>重命名音色</translation>
    </message>
    <message>
        <location filename="../ui/clone/voices_page.py" line="468"/>
        <source>New name:</source>
        <translation>新名称：</translation>
    </message>
    <message>
        <location filename="../ui/clone/voices_page.py" line="472"/>
        <source>Renamed to “{0}”.</source>
        <translation>已重命名为“{0}”。</translation>
    </message>
    <message>
        <location filename="../ui/clone/voices_page.py" line="479"/>
        <source>Duplicated “{0}”.</source>
        <translation>已创建“{0}”的副本。</translation>
    </message>
    <message>
        <location filename="../ui/clone/voices_page.py" line="486"/>
        <source>Deleted “{0}”.</source>
        <translation>已删除“{0}”。</translation>
    </message>
    <message>
        <location filename="../ui/clone/voices_page.py" line="491"/>
        <source>Export voice</source>
        <translation>导出音色</translation>
    </message>
    <message>
        <location filename="../ui/clone/voices_page.py" line="495"/>
        <location filename="../ui/clone/voices_page.py" line="502"/>
        <source>Import voices</source>
        <translation>导入音色</translation>
    </message>
    <message>
        <location filename="../ui/clone/voices_page.py" line="507"/>
        <source>Import from this bundle?</source>
        <translation>要从此音色包导入吗？</translation>
    </message>
    <message>
        <location filename="../ui/clone/voices_page.py" line="509"/>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location filename="../ui/clone/voices_page.py" line="523"/>
        <source>Exported “{0}” to {1}</source>
        <translation>已将“{0}”导出到 {1}</translation>
    </message>
    <message>
        <location filename="../ui/clone/voices_page.py" line="537"/>
        <source>{0} was not imported: {1}</source>
        <translation>未导入 {0}：{1}</translation>
    </message>
    <message>
        <location filename="../ui/clone/voices_page.py" line="548"/>
        <source>Imported {0}.</source>
        <translation>已导入 {0}。</translation>
    </message>
    <message>
        <location filename="../ui/clone/voices_page.py" line="549"/>
        <source>{0} new pronunciations.</source>
        <translation>新增 {0} 条发音。</translation>
    </message>
    <message>
        <location filename="../ui/clone/voices_page.py" line="573"/>
        <source>No record that the speaker agreed to this voice.</source>
        <translation>没有说话人同意制作此音色的记录。</translation>
    </message>
    <message>
        <location filename="../ui/clone/voices_page.py" line="583"/>
        <source>{0:.1f} MB</source>
        <translation>{0:.1f} MB</translation>
    </message>
    <message>
        <location filename="../ui/clone/voices_page.py" line="584"/>
        <source>The bundle is empty.</source>
        <translation>音色包是空的。</translation>
    </message>
    <message>
        <location filename="../ui/clone/wizard.py" line="57"/>
        <source>Check</source>
        <translation>检查</translation>
    </message>
    <message>
        <location filename="../ui/clone/wizard.py" line="58"/>
        <source>Name &amp; consent</source>
        <translation>命名与授权</translation>
    </message>
    <message>
        <location filename="../ui/clone/wizard.py" line="59"/>
        <source>Preview &amp; save</source>
        <translation>试听与保存</translation>
    </message>
    <message>
        <source>built-in</source>
        <translation type="vanished">内置</translation>
    </message>
    <message>
        <location filename="../ui/clone/voices_page.py" line="319"/>
        <source>No voices yet. Press “New voice…” to make one from a few seconds of speech.</source>
        <translation>还没有音色。点击“新建音色…”，用几秒钟的语音制作一个。</translation>
    </message>
    <message>
        <location filename="../ui/clone/voices_page.py" line="338"/>
        <source>Built-in voices belong to their engine: they cannot be renamed, deleted or exported.</source>
        <translation>内置音色属于其引擎：不能重命名、删除或导出。</translation>
    </message>
    <message>
        <location filename="../ui/clone/voices_page.py" line="348"/>
        <source>Reference</source>
        <translation>参考音频</translation>
    </message>
    <message>
        <location filename="../ui/clone/voices_page.py" line="350"/>
        <source>{0:.1f} s of speech</source>
        <translation>{0:.1f} 秒语音</translation>
    </message>
    <message>
        <location filename="../ui/clone/voices_page.py" line="353"/>
        <source>No transcript.</source>
        <translation>没有转写文本。</translation>
    </message>
    <message>
        <location filename="../ui/clone/voices_page.py" line="354"/>
        <source>Engines</source>
        <translation>引擎</translation>
    </message>
    <message>
        <location filename="../ui/clone/voices_page.py" line="368"/>
        <source>No engine has a profile for this voice yet, so Speak does not offer it. An engine that clones (such as Step-Audio) can use its reference.</source>
        <translation>还没有引擎为此音色生成配置，因此“朗读”中不会提供它。支持克隆的引擎（如 Step-Audio）可以使用其参考音频。</translation>
    </message>
    <message>
        <location filename="../ui/clone/voices_page.py" line="370"/>
        <source>{0} can use it after preparing a profile</source>
        <translation>{0} 生成配置后即可使用</translation>
    </message>
    <message>
        <location filename="../ui/clone/voices_page.py" line="374"/>
        <source>Consent and provenance</source>
        <translation>授权与来源</translation>
    </message>
    <message>
        <location filename="../ui/clone/voices_page.py" line="376"/>
        <source>No consent record.</source>
        <translation>没有授权记录。</translation>
    </message>
    <message>
        <location filename="../ui/clone/voices_page.py" line="564"/>
        <source>Preset</source>
        <translation>预设</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_setup_dialog.py" line="95"/>
        <source>Set up {0}</source>
        <translation>设置 {0}</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_setup_dialog.py" line="120"/>
        <source>Needs: {0}</source>
        <translation>需要：{0}</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_setup_dialog.py" line="128"/>
        <source>Model files</source>
        <translation>模型文件</translation>
    </message>
    <message>
        <source>Download from the Hugging Face hub into its shared cache (about 11 GB)</source>
        <translation type="vanished">从 Hugging Face Hub 下载到其共享缓存（约 11 GB）</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_setup_dialog.py" line="131"/>
        <source>Use folders I already have</source>
        <translation>使用已有的文件夹</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_setup_dialog.py" line="137"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_setup_dialog.py" line="137"/>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_setup_dialog.py" line="146"/>
        <source>List the files</source>
        <translation>列出文件</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_setup_dialog.py" line="147"/>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_setup_dialog.py" line="148"/>
        <source>Cancel download</source>
        <translation>取消下载</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_setup_dialog.py" line="158"/>
        <source>“List the files” asks the hub for each file and its size. A stopped download continues where it stopped.</source>
        <translation>“列出文件”会向 Hub 查询每个文件及其大小。中断的下载会从中断处继续。</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_setup_dialog.py" line="166"/>
        <source>folder holding linguistic_tokenizer.npy</source>
        <translation>包含 linguistic_tokenizer.npy 的文件夹</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_setup_dialog.py" line="167"/>
        <source>folder holding config.json and CosyVoice-300M-25Hz/</source>
        <translation>包含 config.json 和 CosyVoice-300M-25Hz/ 的文件夹</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_setup_dialog.py" line="168"/>
        <source>Step-Audio-Tokenizer</source>
        <translation>Step-Audio-Tokenizer</translation>
    </message>
    <message>
        <source>Step-Audio-TTS-3B</source>
        <translation type="vanished">Step-Audio-TTS-3B</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_setup_dialog.py" line="242"/>
        <source>Download from the Hugging Face hub into its shared cache (about {0} GB)</source>
        <translation>从 Hugging Face Hub 下载到其共享缓存（约 {0} GB）</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_setup_dialog.py" line="185"/>
        <source>Where it runs</source>
        <translation>运行位置</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_setup_dialog.py" line="188"/>
        <source>Automatic (the GPU when there is one)</source>
        <translation>自动（有 GPU 时使用 GPU）</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_setup_dialog.py" line="189"/>
        <source>NVIDIA GPU</source>
        <translation>NVIDIA GPU</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_setup_dialog.py" line="189"/>
        <source>CPU (far slower than real time)</source>
        <translation>CPU（远慢于实时）</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_setup_dialog.py" line="192"/>
        <source>Automatic (the most precise that fits)</source>
        <translation>自动（可容纳的最高精度）</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_setup_dialog.py" line="193"/>
        <source>bf16 (full precision)</source>
        <translation>bf16（全精度）</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_setup_dialog.py" line="193"/>
        <source>8-bit</source>
        <translation>8-bit</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_setup_dialog.py" line="194"/>
        <source>4-bit</source>
        <translation>4-bit</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_setup_dialog.py" line="198"/>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_setup_dialog.py" line="199"/>
        <source>Weights</source>
        <translation>权重</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_setup_dialog.py" line="200"/>
        <location filename="../ui/shell/engine_setup_dialog.py" line="446"/>
        <source>Estimating…</source>
        <translation>正在估算…</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_setup_dialog.py" line="202"/>
        <source>Will it fit?</source>
        <translation>能否容纳？</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_setup_dialog.py" line="265"/>
        <source>Choose the folder</source>
        <translation>选择文件夹</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_setup_dialog.py" line="290"/>
        <source>Checking the folders…</source>
        <translation>正在检查文件夹…</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_setup_dialog.py" line="314"/>
        <source>Save is off until each chosen folder holds its model: choose other folders, or download the model files instead.</source>
        <translation>在每个所选文件夹都包含其模型之前无法保存：请选择其他文件夹，或改为下载模型文件。</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_setup_dialog.py" line="320"/>
        <source>All model files are present.</source>
        <translation>所有模型文件均已就绪。</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_setup_dialog.py" line="322"/>
        <source>Not ready: {0}.</source>
        <translation>未就绪：{0}。</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_setup_dialog.py" line="324"/>
        <source>Choose the folders that hold these files, or download them.</source>
        <translation>请选择包含这些文件的文件夹，或下载它们。</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_setup_dialog.py" line="358"/>
        <source>Asking the hub for the file list…</source>
        <translation>正在向 Hub 查询文件列表…</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_setup_dialog.py" line="370"/>
        <source>{0} files, {1} in all.</source>
        <translation>共 {0} 个文件，{1}。</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_setup_dialog.py" line="398"/>
        <source>Starting the download…</source>
        <translation>正在开始下载…</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_setup_dialog.py" line="417"/>
        <source> · {0}: {1} of {2}</source>
        <translation> · {0}：{1} / {2}</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_setup_dialog.py" line="419"/>
        <source>{0} of {1}</source>
        <translation>{0} / {1}</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_setup_dialog.py" line="426"/>
        <source>Downloaded and checked.</source>
        <translation>已下载并校验。</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_setup_dialog.py" line="429"/>
        <source>Stopped. Download again to continue where it stopped.</source>
        <translation>已停止。再次下载即可从中断处继续。</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_setup_dialog.py" line="431"/>
        <source>The download failed: {0} Download again to retry.</source>
        <translation>下载失败：{0} 再次下载即可重试。</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_setup_dialog.py" line="442"/>
        <source>The language model runs on the server; here the audio tokenizer and the decoder need about {0} GB.</source>
        <translation>语言模型在服务器上运行；本机的音频分词器和解码器约需 {0} GB。</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_setup_dialog.py" line="464"/>
        <source>Could not estimate: {0}</source>
        <translation>无法估算：{0}</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_setup_dialog.py" line="485"/>
        <source>audio tokenizer</source>
        <translation>音频分词器</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_setup_dialog.py" line="485"/>
        <source>TTS-3B model</source>
        <translation>TTS-3B 模型</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_setup_dialog.py" line="486"/>
        <source>EditX model</source>
        <translation>EditX 模型</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_setup_dialog.py" line="489"/>
        <source>This folder does not exist: {0}.</source>
        <translation>此文件夹不存在：{0}。</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_setup_dialog.py" line="491"/>
        <source>{0} is a file, not a folder: choose the folder that holds the {1}.</source>
        <translation>{0} 是文件，不是文件夹：请选择包含{1}的文件夹。</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_setup_dialog.py" line="494"/>
        <source>This folder holds {0}, not {1}: choose it for {0} instead.</source>
        <translation>此文件夹包含的是{0}，而不是{1}：请把它用作{0}。</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_setup_dialog.py" line="497"/>
        <source>This folder is not {0} itself, but its subfolder {1} is: choose that.</source>
        <translation>此文件夹本身不是{0}，但其子文件夹 {1} 是：请选择那个。</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_setup_dialog.py" line="501"/>
        <source>This folder has no {0}: none of its files ({1}, ...) is there.</source>
        <translation>此文件夹中没有{0}：其文件（{1} 等）一个都不在。</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_setup_dialog.py" line="503"/>
        <source>This folder has no {0}: {1} is missing.</source>
        <translation>此文件夹中没有{0}：缺少 {1}。</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_setup_dialog.py" line="504"/>
        <source>This folder has no {0}: {1} are missing.</source>
        <translation>此文件夹中没有{0}：缺少 {1}。</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_setup_dialog.py" line="515"/>
        <source>{0} is not downloaded</source>
        <translation>{0} 尚未下载</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_setup_dialog.py" line="518"/>
        <source>{0} lacks {1}</source>
        <translation>{0} 缺少 {1}</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_setup_dialog.py" line="521"/>
        <source>{0}; {1}</source>
        <translation>{0}；{1}</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_setup_dialog.py" line="526"/>
        <source>{0} has {1} free</source>
        <translation>{0} 可用 {1}</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_setup_dialog.py" line="527"/>
        <source>no NVIDIA GPU here; the CPU has {0} of memory free</source>
        <translation>此处没有 NVIDIA GPU；CPU 可用内存 {0}</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_setup_dialog.py" line="529"/>
        <source>the device is set to the GPU, but there is none here</source>
        <translation>设备设为 GPU，但此处没有 GPU</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_setup_dialog.py" line="539"/>
        <source>Automatic uses float32 on the CPU.</source>
        <translation>自动模式在 CPU 上使用 float32。</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_setup_dialog.py" line="539"/>
        <source>It does not fit: choose 8-bit.</source>
        <translation>容纳不下：请选择 8-bit。</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_setup_dialog.py" line="543"/>
        <source>Your choice fits.</source>
        <translation>所选设置可以容纳。</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_setup_dialog.py" line="543"/>
        <source>Your choice does not fit.</source>
        <translation>所选设置无法容纳。</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_setup_dialog.py" line="545"/>
        <source>Automatic uses {0}.</source>
        <translation>自动模式使用 {0}。</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_setup_dialog.py" line="547"/>
        <source>Nothing fits: close other programs or use the CPU.</source>
        <translation>均无法容纳：请关闭其他程序或改用 CPU。</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_setup_dialog.py" line="548"/>
        <source> On the CPU it is far slower than real time.</source>
        <translation>在 CPU 上运行远慢于实时。</translation>
    </message>
    <message>
        <location filename="../ui/speak/sampling_dialog.py" line="34"/>
        <source>Sampling — {0}</source>
        <translation>采样 — {0}</translation>
    </message>
    <message>
        <location filename="../ui/speak/sampling_dialog.py" line="66"/>
        <source>random</source>
        <translation>随机</translation>
    </message>
    <message>
        <location filename="../ui/speak/sampling_dialog.py" line="68"/>
        <source>The same seed, text and settings make the same take again.</source>
        <translation>相同的种子、文本和设置会再次生成相同的音频。</translation>
    </message>
    <message>
        <location filename="../ui/speak/sampling_dialog.py" line="69"/>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <location filename="../ui/edit/document.py" line="100"/>
        <source>Cancelled: the project is at its last good version.</source>
        <translation>已取消：项目保持在最后一个完好的版本。</translation>
    </message>
    <message>
        <location filename="../ui/edit/document.py" line="104"/>
        <source>The edit could not be done ({name}); the project is unchanged. Details are in the log file.</source>
        <translation>无法完成编辑（{name}）；项目未改变。详情见日志文件。</translation>
    </message>
    <message>
        <location filename="../ui/edit/document.py" line="351"/>
        <source>The clipboard is empty: copy or cut a span first.</source>
        <translation>剪贴板为空：请先复制或剪切一段。</translation>
    </message>
    <message>
        <location filename="../ui/edit/operations.py" line="34"/>
        <source> Acts on the selection, or on the whole recording when nothing is selected.</source>
        <translation>作用于选区；未选择时作用于整段录音。</translation>
    </message>
    <message>
        <location filename="../ui/edit/operations.py" line="36"/>
        <source>Remove the selection and keep it on the clipboard</source>
        <translation>删除选区并放入剪贴板</translation>
    </message>
    <message>
        <location filename="../ui/edit/operations.py" line="38"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../ui/edit/operations.py" line="38"/>
        <source>Copy the selection to the clipboard</source>
        <translation>把选区复制到剪贴板</translation>
    </message>
    <message>
        <location filename="../ui/edit/operations.py" line="39"/>
        <source>Insert the clipboard at the cursor</source>
        <translation>在光标处插入剪贴板内容</translation>
    </message>
    <message>
        <location filename="../ui/edit/operations.py" line="40"/>
        <source>Remove the selection; the join is crossfaded</source>
        <translation>删除选区；接缝处做交叉淡化</translation>
    </message>
    <message>
        <location filename="../ui/edit/operations.py" line="42"/>
        <source>Keep only the selection</source>
        <translation>只保留选区</translation>
    </message>
    <message>
        <location filename="../ui/edit/operations.py" line="43"/>
        <source>Replace the selection with silence of the same length</source>
        <translation>用等长的静音替换选区</translation>
    </message>
    <message>
        <location filename="../ui/edit/operations.py" line="45"/>
        <source>Insert silence…</source>
        <translation>插入静音…</translation>
    </message>
    <message>
        <location filename="../ui/edit/operations.py" line="45"/>
        <source>Insert a pause at the cursor</source>
        <translation>在光标处插入停顿</translation>
    </message>
    <message>
        <location filename="../ui/edit/operations.py" line="46"/>
        <source>Insert clip…</source>
        <translation>插入片段…</translation>
    </message>
    <message>
        <location filename="../ui/edit/operations.py" line="46"/>
        <source>Insert another recording at the cursor</source>
        <translation>在光标处插入另一段录音</translation>
    </message>
    <message>
        <location filename="../ui/edit/operations.py" line="48"/>
        <source>Split the project at the cursor: the rest becomes a new project</source>
        <translation>在光标处拆分项目：后半部分成为新项目</translation>
    </message>
    <message>
        <location filename="../ui/edit/operations.py" line="50"/>
        <source>Fade the selection in from silence</source>
        <translation>让选区从静音淡入</translation>
    </message>
    <message>
        <location filename="../ui/edit/operations.py" line="51"/>
        <source>Fade the selection out to silence</source>
        <translation>让选区淡出到静音</translation>
    </message>
    <message>
        <location filename="../ui/edit/operations.py" line="52"/>
        <source>Gain…</source>
        <translation>增益…</translation>
    </message>
    <message>
        <location filename="../ui/edit/operations.py" line="52"/>
        <source>Make it louder or quieter by a number of decibels.</source>
        <translation>按分贝数调大或调小音量。</translation>
    </message>
    <message>
        <location filename="../ui/edit/operations.py" line="54"/>
        <source>Normalise…</source>
        <translation>归一化…</translation>
    </message>
    <message>
        <location filename="../ui/edit/operations.py" line="54"/>
        <source>Bring it to a loudness (LUFS, ITU-R BS.1770) or a peak level.</source>
        <translation>调整到目标响度（LUFS，ITU-R BS.1770）或峰值电平。</translation>
    </message>
    <message>
        <location filename="../ui/edit/operations.py" line="56"/>
        <source>Shorten pauses…</source>
        <translation>缩短停顿…</translation>
    </message>
    <message>
        <location filename="../ui/edit/operations.py" line="56"/>
        <source>Shorten long pauses found by voice activity.</source>
        <translation>缩短语音活动检测找到的长停顿。</translation>
    </message>
    <message>
        <location filename="../ui/edit/operations.py" line="58"/>
        <source>Reduce steady background noise, learnt from the pauses.</source>
        <translation>降低稳定的背景噪声（从停顿中学习噪声）。</translation>
    </message>
    <message>
        <location filename="../ui/edit/operations.py" line="60"/>
        <source>Speed…</source>
        <translation>语速…</translation>
    </message>
    <message>
        <location filename="../ui/edit/operations.py" line="60"/>
        <source>Faster or slower at the same pitch.</source>
        <translation>在音高不变的情况下加快或放慢。</translation>
    </message>
    <message>
        <location filename="../ui/edit/operations.py" line="61"/>
        <source>Pitch…</source>
        <translation>音高…</translation>
    </message>
    <message>
        <location filename="../ui/edit/operations.py" line="61"/>
        <source>Higher or lower at the same speed.</source>
        <translation>在语速不变的情况下升高或降低音高。</translation>
    </message>
    <message>
        <location filename="../ui/shell/data_folder_dialog.py" line="83"/>
        <location filename="../ui/shell/menus.py" line="238"/>
        <location filename="../ui/shell/menus.py" line="247"/>
        <source>Data Folder</source>
        <translation>数据文件夹</translation>
    </message>
    <message>
        <location filename="../ui/shell/data_folder_dialog.py" line="100"/>
        <source>Your takes, voices, presets, conversations and edit projects are kept in this folder. Moving it copies everything to the new folder and checks the copy before the studio uses it.</source>
        <translation>你的录音、声音、预设、对话和编辑项目都保存在这个文件夹中。移动时会把所有内容复制到新文件夹，并在工作室使用前检查副本。</translation>
    </message>
    <message>
        <location filename="../ui/shell/data_folder_dialog.py" line="108"/>
        <source>Current data folder</source>
        <translation>当前数据文件夹</translation>
    </message>
    <message>
        <location filename="../ui/shell/data_folder_dialog.py" line="110"/>
        <source>Measuring…</source>
        <translation>正在计算…</translation>
    </message>
    <message>
        <location filename="../ui/shell/data_folder_dialog.py" line="120"/>
        <source>New folder (empty or not yet made)</source>
        <translation>新文件夹（空的或尚未创建）</translation>
    </message>
    <message>
        <location filename="../ui/shell/data_folder_dialog.py" line="121"/>
        <source>New data folder</source>
        <translation>新数据文件夹</translation>
    </message>
    <message>
        <location filename="../ui/shell/data_folder_dialog.py" line="124"/>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <location filename="../ui/shell/data_folder_dialog.py" line="125"/>
        <source>Choose where the data folder goes</source>
        <translation>选择数据文件夹的新位置</translation>
    </message>
    <message>
        <location filename="../ui/shell/data_folder_dialog.py" line="130"/>
        <source>Use Existing Folder…</source>
        <translation>使用已有文件夹…</translation>
    </message>
    <message>
        <location filename="../ui/shell/data_folder_dialog.py" line="131"/>
        <source>Use a data folder the studio moved before, e.g. on a disk that is now mounted elsewhere or on another computer; nothing is copied</source>
        <translation>使用工作室以前移动过的数据文件夹，例如现在挂载到别处的磁盘或另一台电脑上的文件夹；不会复制任何内容</translation>
    </message>
    <message>
        <location filename="../ui/shell/data_folder_dialog.py" line="136"/>
        <source>Use the Default Folder</source>
        <translation>使用默认文件夹</translation>
    </message>
    <message>
        <location filename="../ui/shell/data_folder_dialog.py" line="139"/>
        <source>Stop using the moved folder and use {0}; nothing is deleted</source>
        <translation>停止使用移动后的文件夹，改用 {0}；不会删除任何内容</translation>
    </message>
    <message>
        <location filename="../ui/shell/data_folder_dialog.py" line="140"/>
        <source>The default folder is already in use</source>
        <translation>已在使用默认文件夹</translation>
    </message>
    <message>
        <location filename="../ui/shell/data_folder_dialog.py" line="144"/>
        <source>Delete the old folder once the new one is checked</source>
        <translation>新文件夹检查无误后删除旧文件夹</translation>
    </message>
    <message>
        <location filename="../ui/shell/data_folder_dialog.py" line="145"/>
        <source>It is deleted when the studio restarts, and kept if anything was saved in it after the copy.</source>
        <translation>它会在工作室重启时删除；如果复制后又有内容保存到其中，则会保留。</translation>
    </message>
    <message>
        <location filename="../ui/shell/data_folder_dialog.py" line="159"/>
        <source>Move</source>
        <translation>移动</translation>
    </message>
    <message>
        <location filename="../ui/shell/data_folder_dialog.py" line="166"/>
        <source>Its size could not be measured.</source>
        <translation>无法计算其大小。</translation>
    </message>
    <message>
        <location filename="../ui/shell/data_folder_dialog.py" line="182"/>
        <source>Copy the data to the new folder, check it, and use it from the next start</source>
        <translation>把数据复制到新文件夹并检查，下次启动时开始使用</translation>
    </message>
    <message>
        <location filename="../ui/shell/data_folder_dialog.py" line="183"/>
        <source>Choose the new folder first</source>
        <translation>请先选择新文件夹</translation>
    </message>
    <message>
        <location filename="../ui/shell/data_folder_dialog.py" line="187"/>
        <location filename="../ui/speak/script_dialog.py" line="147"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../ui/shell/data_folder_dialog.py" line="191"/>
        <source>{0} MB in {1} files</source>
        <translation>{0} MB，共 {1} 个文件</translation>
    </message>
    <message>
        <location filename="../ui/shell/data_folder_dialog.py" line="197"/>
        <source>Choose the New Data Folder</source>
        <translation>选择新的数据文件夹</translation>
    </message>
    <message>
        <location filename="../ui/shell/data_folder_dialog.py" line="218"/>
        <source>Choose a Data Folder</source>
        <translation>选择数据文件夹</translation>
    </message>
    <message>
        <location filename="../ui/shell/data_folder_dialog.py" line="231"/>
        <source>The studio uses {0} from its next start.</source>
        <translation>工作室将从下次启动起使用 {0}。</translation>
    </message>
    <message>
        <location filename="../ui/shell/data_folder_dialog.py" line="248"/>
        <source>Give the new folder&apos;s full path.</source>
        <translation>请给出新文件夹的完整路径。</translation>
    </message>
    <message>
        <location filename="../ui/shell/data_folder_dialog.py" line="254"/>
        <source>Checking the new folder…</source>
        <translation>正在检查新文件夹…</translation>
    </message>
    <message>
        <location filename="../ui/shell/data_folder_dialog.py" line="275"/>
        <source>Copying {0} of {1} MB: {2}</source>
        <translation>正在复制 {0} / {1} MB：{2}</translation>
    </message>
    <message>
        <location filename="../ui/shell/data_folder_dialog.py" line="276"/>
        <source>Checking the copy…</source>
        <translation>正在检查副本…</translation>
    </message>
    <message>
        <location filename="../ui/shell/data_folder_dialog.py" line="291"/>
        <source>Your data was copied to {0} and checked.</source>
        <translation>你的数据已复制到 {0} 并检查无误。</translation>
    </message>
    <message>
        <location filename="../ui/shell/data_folder_dialog.py" line="293"/>
        <source>The old folder is deleted when the studio restarts, unless something is saved in it before then.</source>
        <translation>旧文件夹会在工作室重启时删除，除非在此之前有内容保存到其中。</translation>
    </message>
    <message>
        <location filename="../ui/shell/data_folder_dialog.py" line="298"/>
        <source>Restart to Use the New Folder</source>
        <translation>重启以使用新文件夹</translation>
    </message>
    <message>
        <location filename="../ui/shell/data_folder_dialog.py" line="299"/>
        <source>The studio uses {0} from its next start. Until it restarts it keeps saving in {1}.</source>
        <translation>工作室将从下次启动起使用 {0}。重启之前仍保存到 {1}。</translation>
    </message>
    <message>
        <location filename="../ui/shell/data_folder_dialog.py" line="303"/>
        <source>Restart Now</source>
        <translation>立即重启</translation>
    </message>
    <message>
        <location filename="../ui/shell/data_folder_dialog.py" line="304"/>
        <source>Later</source>
        <translation>稍后</translation>
    </message>
    <message>
        <location filename="../ui/shell/data_folder_dialog.py" line="341"/>
        <source>Restart</source>
        <translation>重启</translation>
    </message>
    <message>
        <location filename="../ui/shell/data_folder_dialog.py" line="341"/>
        <source>The studio could not start again by itself; start it again to use the new data folder.</source>
        <translation>工作室无法自动重新启动；请手动重新启动以使用新的数据文件夹。</translation>
    </message>
    <message>
        <location filename="../ui/shell/main_window.py" line="257"/>
        <source>That take&apos;s audio is missing, so it cannot be edited.</source>
        <translation>这条录音的音频已丢失，无法编辑。</translation>
    </message>
    <message>
        <location filename="../ui/shell/main_window.py" line="265"/>
        <source>{name} (reference)</source>
        <translation>{name}（参考录音）</translation>
    </message>
    <message>
        <location filename="../ui/shell/main_window.py" line="285"/>
        <source>{name} cannot be opened: there is no such file.</source>
        <translation>无法打开 {name}：该文件不存在。</translation>
    </message>
    <message>
        <location filename="../../widgets/edit_timeline.py" line="365"/>
        <source>Scroll the recording</source>
        <translation>滚动录音</translation>
    </message>
    <message>
        <location filename="../../widgets/edit_timeline.py" line="368"/>
        <source>Waveform</source>
        <translation>波形</translation>
    </message>
    <message>
        <location filename="../ui/edit/words.py" line="95"/>
        <source>Waiting for the engines…</source>
        <translation>正在等待引擎…</translation>
    </message>
    <message>
        <location filename="../ui/edit/words.py" line="200"/>
        <source>The matched voice, shifted {0:+.1f} semitones, was not heard clearly in place, so the new words were spoken shifted {1:+.1f} instead, which was.</source>
        <translation>匹配的声音移调 {0:+.1f} 个半音后，在插入处听不清，因此新词改用移调 {1:+.1f} 个半音朗读，这样能听清。</translation>
    </message>
    <message>
        <location filename="../ui/edit/words.py" line="208"/>
        <source>Whisper did not hear the new words clearly where they were put in; it heard “{heard}”. Listen to the seam, and Undo if it sounds wrong; another voice may be clearer.</source>
        <translation>Whisper 在新词插入处没有听清它们；它听到的是“{heard}”。请听一下接缝处，若听起来不对就撤销；换一个声音可能更清楚。</translation>
    </message>
    <message>
        <location filename="../ui/edit/words.py" line="219"/>
        <location filename="../ui/speak/subtitles.py" line="54"/>
        <source>Export subtitles</source>
        <translation>导出字幕</translation>
    </message>
    <message>
        <location filename="../ui/edit/words_panel.py" line="31"/>
        <source>Detect the language</source>
        <translation>自动检测语言</translation>
    </message>
    <message>
        <location filename="../ui/edit/words_panel.py" line="32"/>
        <source>Chinese</source>
        <translation>中文</translation>
    </message>
    <message>
        <location filename="../ui/edit/words_panel.py" line="50"/>
        <location filename="../ui/edit/words_panel.py" line="111"/>
        <source>Transcribe the recording to edit it by its words.</source>
        <translation>转写录音后即可按词语编辑。</translation>
    </message>
    <message>
        <location filename="../ui/edit/words_panel.py" line="56"/>
        <source>Language of the recording</source>
        <translation>录音的语言</translation>
    </message>
    <message>
        <location filename="../ui/edit/words_panel.py" line="59"/>
        <source>Transcribe</source>
        <translation>转写</translation>
    </message>
    <message>
        <location filename="../ui/edit/words_panel.py" line="60"/>
        <source>Find the words and their times with Whisper (offline)</source>
        <translation>用 Whisper（离线）找出词语及其时间</translation>
    </message>
    <message>
        <location filename="../ui/edit/words_panel.py" line="70"/>
        <source>Selected words</source>
        <translation>所选词语</translation>
    </message>
    <message>
        <location filename="../ui/edit/words_panel.py" line="71"/>
        <source>Select words in the lane under the waveform</source>
        <translation>在波形下方的词语栏中选择词语</translation>
    </message>
    <message>
        <location filename="../ui/edit/words_panel.py" line="77"/>
        <source>Cut the selected words, keeping one natural pause at the join</source>
        <translation>剪掉所选词语，在接缝处保留一个自然停顿</translation>
    </message>
    <message>
        <location filename="../ui/edit/words_panel.py" line="80"/>
        <source>Speak the words as typed in place of the selected ones (Ctrl+R)</source>
        <translation>用输入的词语替换所选词语并朗读（Ctrl+R）</translation>
    </message>
    <message>
        <location filename="../ui/edit/words_panel.py" line="94"/>
        <source>Export subtitles…</source>
        <translation>导出字幕…</translation>
    </message>
    <message>
        <location filename="../ui/edit/words_panel.py" line="95"/>
        <source>Save the words with their times as SRT or WebVTT subtitles</source>
        <translation>将文字及其时间保存为 SRT 或 WebVTT 字幕</translation>
    </message>
    <message>
        <location filename="../ui/edit/words_panel.py" line="113"/>
        <source>Not transcribed yet: transcribe to see its words under the waveform.</source>
        <translation>尚未转写：转写后即可在波形下方看到词语。</translation>
    </message>
    <message>
        <location filename="../ui/edit/words_panel.py" line="115"/>
        <source>{n} words, under the waveform. Select some to delete or re-speak them.</source>
        <translation>共 {n} 个词，显示在波形下方。选择一些即可删除或重新朗读。</translation>
    </message>
    <message>
        <location filename="../ui/speak/token_view.py" line="64"/>
        <source>Export Audio Tokens…</source>
        <translation>导出音频 token…</translation>
    </message>
    <message>
        <location filename="../ui/speak/token_view.py" line="65"/>
        <source>Save this take&apos;s audio tokens as JSON or as Step-Audio&apos;s &lt;audio_N&gt; text</source>
        <translation>将此音频的 token 保存为 JSON 或 Step-Audio 的 &lt;audio_N&gt; 文本</translation>
    </message>
    <message>
        <source>No audio tokens: {engine} does not make them (Step-Audio engines do).</source>
        <translation type="vanished">没有音频 token：{engine} 不生成 token（Step-Audio 引擎会生成）。</translation>
    </message>
    <message>
        <location filename="../ui/speak/token_view.py" line="81"/>
        <location filename="../ui/speak/token_view.py" line="195"/>
        <source>Find Audio Tokens</source>
        <translation>查找音频 token</translation>
    </message>
    <message>
        <location filename="../ui/speak/token_view.py" line="134"/>
        <source>No phoneme timings: {engine} does not report them for this voice (Piper voices do).</source>
        <translation>没有音素时间：{engine} 不为此声音提供音素时间（Piper 声音会提供）。</translation>
    </message>
    <message>
        <location filename="../ui/speak/token_view.py" line="135"/>
        <location filename="../ui/speak/token_view.py" line="148"/>
        <source>this engine</source>
        <translation>此引擎</translation>
    </message>
    <message>
        <location filename="../ui/speak/token_view.py" line="162"/>
        <source>This take&apos;s audio tokens cannot be read.</source>
        <translation>无法读取此音频的 token。</translation>
    </message>
    <message>
        <location filename="../ui/speak/token_view.py" line="171"/>
        <source>No audio tokens from {engine}. Take ▸ Find Audio Tokens runs the Step-Audio tokenizer on this take (on the CPU).</source>
        <translation>{engine} 没有生成音频 token。“音频 ▸ 查找音频 token”会在此录音上运行 Step-Audio 分词器（在 CPU 上）。</translation>
    </message>
    <message>
        <location filename="../ui/speak/token_view.py" line="173"/>
        <source>No audio tokens: {engine} does not make them. With the Step-Audio tokenizer files (Set up Step-Audio TTS-3B… in the engine list) the studio can find them for any take.</source>
        <translation>没有音频 token：{engine} 不生成 token。有了 Step-Audio 分词器文件（在引擎列表中选择“设置 Step-Audio TTS-3B…”），工作室就能为任何录音找出 token。</translation>
    </message>
    <message>
        <location filename="../ui/speak/token_view.py" line="191"/>
        <source>Stop Finding Audio Tokens</source>
        <translation>停止查找音频 token</translation>
    </message>
    <message>
        <location filename="../ui/clone/check_tokens.py" line="92"/>
        <location filename="../ui/speak/token_view.py" line="192"/>
        <source>Stop the Step-Audio tokenizer</source>
        <translation>停止 Step-Audio 分词器</translation>
    </message>
    <message>
        <location filename="../ui/speak/token_view.py" line="197"/>
        <source>Needs the Step-Audio tokenizer files (Set up Step-Audio TTS-3B… in the engine list)</source>
        <translation>需要 Step-Audio 分词器文件（在引擎列表中选择“设置 Step-Audio TTS-3B…”）</translation>
    </message>
    <message>
        <location filename="../ui/speak/token_view.py" line="200"/>
        <source>The shown take has its audio tokens already, or no take is shown</source>
        <translation>当前录音已有音频 token，或未显示任何录音</translation>
    </message>
    <message>
        <location filename="../ui/speak/token_view.py" line="203"/>
        <source>Run the Step-Audio tokenizer on this take, on the CPU; a long take takes minutes</source>
        <translation>在 CPU 上对此录音运行 Step-Audio 分词器；较长的录音需要几分钟</translation>
    </message>
    <message>
        <location filename="../ui/speak/token_view.py" line="216"/>
        <source>Stopped finding audio tokens.</source>
        <translation>已停止查找音频 token。</translation>
    </message>
    <message>
        <location filename="../ui/speak/token_view.py" line="261"/>
        <source>Export audio tokens</source>
        <translation>导出音频 token</translation>
    </message>
    <message>
        <location filename="../../widgets/token_lanes.py" line="85"/>
        <source>{lane} code {code} · {start:.2f}–{end:.2f} s</source>
        <translation>{lane} 编码 {code} · {start:.2f}–{end:.2f} 秒</translation>
    </message>
    <message>
        <location filename="../../widgets/token_lanes.py" line="359"/>
        <source>text</source>
        <translation>文本</translation>
    </message>
    <message>
        <location filename="../../widgets/token_lanes.py" line="359"/>
        <source>words</source>
        <translation>词语</translation>
    </message>
    <message>
        <location filename="../../widgets/token_lanes.py" line="359"/>
        <source>IPA</source>
        <translation>国际音标</translation>
    </message>
    <message>
        <location filename="../ui/speak/subtitles.py" line="34"/>
        <source>Export Subtitles…</source>
        <translation>导出字幕…</translation>
    </message>
    <message>
        <location filename="../ui/speak/subtitles.py" line="35"/>
        <source>Save the take&apos;s text, timed as the engine spoke it, as SRT or WebVTT subtitles</source>
        <translation>按引擎朗读的时间，将此音频的文本保存为 SRT 或 WebVTT 字幕</translation>
    </message>
    <message>
        <location filename="../ui/edit/tokens.py" line="48"/>
        <source>Tokens</source>
        <translation>Token</translation>
    </message>
    <message>
        <location filename="../ui/edit/tokens.py" line="51"/>
        <source>Compare with the original</source>
        <translation>与原始录音比较</translation>
    </message>
    <message>
        <location filename="../ui/edit/tokens.py" line="53"/>
        <source>Show the original recording&apos;s tokens above, with the changed ones marked</source>
        <translation>在上方显示原始录音的 token，并标出有变化的 token</translation>
    </message>
    <message>
        <location filename="../ui/clone/check_tokens.py" line="62"/>
        <location filename="../ui/clone/check_tokens.py" line="94"/>
        <location filename="../ui/edit/tokens.py" line="77"/>
        <source>Audio tokens need the Step-Audio tokenizer files (Set up Step-Audio TTS-3B… in the engine list)</source>
        <translation>音频 token 需要 Step-Audio 分词器文件（在引擎列表中选择“设置 Step-Audio TTS-3B…”）</translation>
    </message>
    <message>
        <location filename="../ui/edit/tokens.py" line="81"/>
        <source>Show the audio tokens Step-Audio reads from this version (the tokenizer runs on the CPU)</source>
        <translation>显示 Step-Audio 从此版本读出的音频 token（分词器在 CPU 上运行）</translation>
    </message>
    <message>
        <location filename="../ui/edit/tokens.py" line="116"/>
        <source>Audio tokens are shown for recordings up to {n} minutes; this one is longer.</source>
        <translation>音频 token 只对 {n} 分钟以内的录音显示；这段录音更长。</translation>
    </message>
    <message>
        <location filename="../ui/clone/check_tokens.py" line="112"/>
        <location filename="../ui/edit/tokens.py" line="122"/>
        <location filename="../ui/speak/token_view.py" line="222"/>
        <source>Finding audio tokens on the CPU…</source>
        <translation>正在 CPU 上查找音频 token…</translation>
    </message>
    <message>
        <location filename="../ui/edit/tokens.py" line="159"/>
        <location filename="../ui/speak/token_view.py" line="233"/>
        <source>Found {count} audio tokens in {seconds:.0f} s.</source>
        <translation>用时 {seconds:.0f} 秒，找到 {count} 个音频 token。</translation>
    </message>
    <message>
        <location filename="../ui/clone/check_tokens.py" line="50"/>
        <location filename="../ui/edit/tokens.py" line="166"/>
        <location filename="../ui/speak/token_view.py" line="237"/>
        <source>Could not find audio tokens: {0}</source>
        <translation>无法找出音频 token：{0}</translation>
    </message>
    <message>
        <location filename="../ui/clone/check_tokens.py" line="47"/>
        <location filename="../ui/edit/tokens.py" line="174"/>
        <location filename="../ui/speak/token_view.py" line="228"/>
        <source>Finding audio tokens on the CPU… {percent} %</source>
        <translation>正在 CPU 上查找音频 token… {percent}%</translation>
    </message>
    <message>
        <location filename="../ui/edit/tokens.py" line="186"/>
        <source>Comparing the audio tokens…</source>
        <translation>正在比较音频 token…</translation>
    </message>
    <message>
        <location filename="../ui/edit/tokens.py" line="192"/>
        <source>Original</source>
        <translation>原始</translation>
    </message>
    <message>
        <location filename="../ui/edit/tokens.py" line="199"/>
        <source>{changed} of {total} audio tokens differ from the original.</source>
        <translation>{total} 个音频 token 中有 {changed} 个与原始录音不同。</translation>
    </message>
    <message>
        <location filename="../ui/speak/take_words.py" line="39"/>
        <location filename="../ui/speak/take_words.py" line="70"/>
        <source>Find Words</source>
        <translation>查找词语</translation>
    </message>
    <message>
        <location filename="../ui/speak/take_words.py" line="44"/>
        <source>Transcribing with Whisper… {percent} %</source>
        <translation>正在用 Whisper 转写… {percent}%</translation>
    </message>
    <message>
        <location filename="../ui/speak/take_words.py" line="58"/>
        <location filename="../ui/speak/take_words.py" line="87"/>
        <source>Take ▸ Find Words transcribes this take with Whisper (offline).</source>
        <translation>“音频 ▸ 查找词语”会用 Whisper（离线）转写此录音。</translation>
    </message>
    <message>
        <location filename="../ui/speak/take_words.py" line="70"/>
        <source>Stop Finding Words</source>
        <translation>停止查找词语</translation>
    </message>
    <message>
        <location filename="../ui/speak/take_words.py" line="72"/>
        <source>Stop transcribing this take</source>
        <translation>停止转写此录音</translation>
    </message>
    <message>
        <location filename="../ui/speak/take_words.py" line="74"/>
        <source>Shows the words of a take; no take is shown</source>
        <translation>显示录音中的词语；当前未显示任何录音</translation>
    </message>
    <message>
        <location filename="../ui/speak/take_words.py" line="76"/>
        <source>The shown take&apos;s words are in their lane</source>
        <translation>当前录音的词语已显示在词语栏中</translation>
    </message>
    <message>
        <location filename="../ui/speak/take_words.py" line="78"/>
        <source>Transcribe the shown take with Whisper (offline) to see where each word lies</source>
        <translation>用 Whisper（离线）转写当前录音，查看每个词的位置</translation>
    </message>
    <message>
        <location filename="../ui/speak/take_words.py" line="88"/>
        <source>Stopped finding words.</source>
        <translation>已停止查找词语。</translation>
    </message>
    <message>
        <location filename="../ui/speak/take_words.py" line="105"/>
        <source>Whisper heard no words in this take.</source>
        <translation>Whisper 在此录音中没有听到词语。</translation>
    </message>
    <message>
        <location filename="../ui/speak/take_words.py" line="107"/>
        <source>Found {count} words in {seconds:.0f} s.</source>
        <translation>用时 {seconds:.0f} 秒，找到 {count} 个词。</translation>
    </message>
    <message>
        <location filename="../ui/speak/take_words.py" line="112"/>
        <source>Could not find the words: {0}</source>
        <translation>无法找出词语：{0}</translation>
    </message>
    <message>
        <location filename="../ui/speak/script_dialog.py" line="76"/>
        <source>Render Script</source>
        <translation>渲染剧本</translation>
    </message>
    <message>
        <location filename="../ui/speak/script_dialog.py" line="92"/>
        <source>Paste dialogue, one line each, as “Name: what they say”, or open a text file.</source>
        <translation>粘贴对话，每行一句，格式为“名字：说的话”，或打开一个文本文件。</translation>
    </message>
    <message>
        <location filename="../ui/speak/script_dialog.py" line="94"/>
        <source>Open…</source>
        <translation>打开…</translation>
    </message>
    <message>
        <location filename="../ui/speak/script_dialog.py" line="99"/>
        <source>Ana: (高兴1)Good morning!
Ben: Morning, Ana.
小明：早上好！</source>
        <translation>小红：(高兴1)早上好！
小明：早啊，小红。
旁白：两人走进了咖啡馆。</translation>
    </message>
    <message>
        <location filename="../ui/speak/script_speakers.py" line="44"/>
        <source>Lines</source>
        <translation>句数</translation>
    </message>
    <message>
        <location filename="../ui/speak/script_speakers.py" line="67"/>
        <source>{0} (your voice)</source>
        <translation>{0}（你的声音）</translation>
    </message>
    <message>
        <location filename="../ui/speak/script_speakers.py" line="71"/>
        <source>Voice of {0}</source>
        <translation>{0} 的声音</translation>
    </message>
    <message>
        <location filename="../ui/speak/script_speakers.py" line="75"/>
        <source>Tags before each line of {0}</source>
        <translation>{0} 每句前的标签</translation>
    </message>
    <message>
        <location filename="../ui/speak/script_speakers.py" line="78"/>
        <source> st</source>
        <translation> 半音</translation>
    </message>
    <message>
        <location filename="../ui/speak/script_speakers.py" line="110"/>
        <source>The tags of {0} hold words to speak; write only tags there, such as (高兴1).</source>
        <translation>{0} 的标签里有要说的词；这里只写标签，例如 (高兴1)。</translation>
    </message>
    <message>
        <location filename="../ui/speak/script_dialog.py" line="130"/>
        <source>Gap between lines of one speaker</source>
        <translation>同一说话人两句之间的间隔</translation>
    </message>
    <message>
        <location filename="../ui/speak/script_dialog.py" line="131"/>
        <source>Gap between speakers</source>
        <translation>不同说话人之间的间隔</translation>
    </message>
    <message>
        <location filename="../ui/speak/script_dialog.py" line="142"/>
        <source>Render…</source>
        <translation>渲染…</translation>
    </message>
    <message>
        <location filename="../ui/speak/script_dialog.py" line="156"/>
        <source>Open a script</source>
        <translation>打开剧本</translation>
    </message>
    <message>
        <location filename="../ui/speak/script_dialog.py" line="157"/>
        <source>Text (*.txt *.md);;All files (*)</source>
        <translation>文本 (*.txt *.md);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../ui/speak/script_dialog.py" line="164"/>
        <source>The file is larger than 2 MB; split the script into parts.</source>
        <translation>文件大于 2 MB；请把剧本拆成几部分。</translation>
    </message>
    <message>
        <location filename="../ui/speak/script_dialog.py" line="167"/>
        <source>{name} is not UTF-8 text.</source>
        <translation>{name} 不是 UTF-8 文本。</translation>
    </message>
    <message>
        <location filename="../ui/speak/script_dialog.py" line="170"/>
        <source>{name} cannot be read: {0}</source>
        <translation>无法读取 {name}：{0}</translation>
    </message>
    <message>
        <location filename="../ui/speak/script_dialog.py" line="199"/>
        <source>{lines} lines, {speakers} speakers.</source>
        <translation>共 {lines} 句，{speakers} 位说话人。</translation>
    </message>
    <message>
        <location filename="../ui/speak/script_dialog.py" line="214"/>
        <source>Render the script to</source>
        <translation>把剧本渲染到</translation>
    </message>
    <message>
        <location filename="../ui/speak/script_dialog.py" line="238"/>
        <source>Rendering…</source>
        <translation>正在渲染…</translation>
    </message>
    <message>
        <location filename="../ui/speak/script_dialog.py" line="306"/>
        <source>Making line {n} again…</source>
        <translation>正在重新生成第 {n} 句…</translation>
    </message>
    <message>
        <location filename="../ui/speak/script_dialog.py" line="311"/>
        <source>Line {n} was made again and is in use; the earlier take is kept. Render to join it into the take.</source>
        <translation>第 {n} 句已重新生成并在使用中；较早的版本已保留。渲染即可把它合入成品。</translation>
    </message>
    <message>
        <location filename="../ui/speak/script_dialog.py" line="325"/>
        <source>Line {n} uses the chosen take now. Render to join it into the take.</source>
        <translation>第 {n} 句现在使用所选版本。渲染即可把它合入成品。</translation>
    </message>
    <message>
        <location filename="../ui/speak/script_dialog.py" line="334"/>
        <source>There is no audio output to play the line on.</source>
        <translation>没有可播放这一句的音频输出。</translation>
    </message>
    <message>
        <location filename="../ui/speak/script_dialog.py" line="341"/>
        <source>made</source>
        <translation>已生成</translation>
    </message>
    <message>
        <location filename="../ui/speak/script_dialog.py" line="341"/>
        <source>kept from an earlier render</source>
        <translation>沿用上次渲染的结果</translation>
    </message>
    <message>
        <location filename="../ui/speak/script_dialog.py" line="341"/>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../ui/speak/script_dialog.py" line="342"/>
        <source>Line {n} of {total}: {what}</source>
        <translation>第 {n} / {total} 句：{what}</translation>
    </message>
    <message>
        <location filename="../ui/speak/script_dialog.py" line="351"/>
        <source>about {0} left</source>
        <translation>大约还需 {0}</translation>
    </message>
    <message>
        <location filename="../ui/speak/script_dialog.py" line="361"/>
        <source>Line {n} ({speaker}): {reason}</source>
        <translation>第 {n} 行（{speaker}）：{reason}</translation>
    </message>
    <message>
        <location filename="../ui/speak/script_dialog.py" line="364"/>
        <source>{failed} lines failed; the take was not joined. The other lines are kept, and rendering again makes only what is missing.</source>
        <translation>{failed} 句失败，未拼接成整条音频。其他句子已保留，再次渲染只会生成缺少的部分。</translation>
    </message>
    <message>
        <location filename="../ui/speak/script_dialog.py" line="369"/>
        <source>Rendered {seconds:.1f} s to {path} ({made} lines made, {kept} kept), with subtitles beside it.</source>
        <translation>已把 {seconds:.1f} 秒音频渲染到 {path}（新生成 {made} 句，沿用 {kept} 句），字幕放在同一位置。</translation>
    </message>
    <message>
        <location filename="../ui/speak/script_dialog.py" line="378"/>
        <source>Stopped. The lines made so far are kept; rendering again goes on from there.</source>
        <translation>已停止。已生成的句子会保留；再次渲染会从那里继续。</translation>
    </message>
    <message>
        <location filename="../ui/speak/script_dialog.py" line="381"/>
        <source>The script could not be rendered: {0}</source>
        <translation>无法渲染剧本：{0}</translation>
    </message>
    <message>
        <location filename="../ui/speak/script_dialog.py" line="391"/>
        <source>Paste or open a script first</source>
        <translation>请先粘贴或打开剧本</translation>
    </message>
    <message>
        <location filename="../ui/speak/token_compare.py" line="36"/>
        <source>Compare Audio Tokens…</source>
        <translation>比较音频 token…</translation>
    </message>
    <message>
        <location filename="../ui/speak/token_compare.py" line="37"/>
        <source>Mark where the shown take&apos;s audio tokens differ from another take&apos;s</source>
        <translation>标出当前录音的音频 token 与另一条录音不同之处</translation>
    </message>
    <message>
        <location filename="../ui/speak/token_compare.py" line="49"/>
        <source>Compare audio tokens</source>
        <translation>比较音频 token</translation>
    </message>
    <message>
        <location filename="../ui/speak/token_compare.py" line="50"/>
        <source>Compare the shown take with:</source>
        <translation>把当前录音与下面这条比较：</translation>
    </message>
    <message>
        <location filename="../ui/speak/token_compare.py" line="56"/>
        <source>The shown take has no audio tokens to compare.</source>
        <translation>当前录音没有可比较的音频 token。</translation>
    </message>
    <message>
        <location filename="../ui/speak/token_compare.py" line="60"/>
        <source>No other take in the history keeps audio tokens (Step-Audio takes do).</source>
        <translation>历史中没有其他保存了音频 token 的录音（Step-Audio 生成的录音会保存）。</translation>
    </message>
    <message>
        <location filename="../ui/speak/token_compare.py" line="75"/>
        <source>{changed} of {total} audio tokens differ from “{title}”.</source>
        <translation>{total} 个音频 token 中有 {changed} 个与“{title}”不同。</translation>
    </message>
    <message>
        <location filename="../ui/speak/token_compare.py" line="79"/>
        <source>The takes could not be compared: {0}</source>
        <translation>无法比较这两条录音：{0}</translation>
    </message>
    <message>
        <location filename="../../widgets/timeline_access.py" line="79"/>
        <source>No recording</source>
        <translation>没有录音</translation>
    </message>
    <message>
        <location filename="../../widgets/timeline_access.py" line="82"/>
        <source>Selection {a} to {b} ({n} s) of {total}</source>
        <translation>选区 {a} 至 {b}（{n} 秒），共 {total}</translation>
    </message>
    <message>
        <location filename="../../widgets/timeline_access.py" line="85"/>
        <source>Cursor at {a} of {total}</source>
        <translation>光标位于 {a}，共 {total}</translation>
    </message>
    <message>
        <location filename="../../widgets/timeline_access.py" line="90"/>
        <location filename="../../widgets/timeline_access.py" line="104"/>
        <source>Playing at {t}</source>
        <translation>正在播放 {t}</translation>
    </message>
    <message>
        <location filename="../../widgets/timeline_access.py" line="99"/>
        <source>Audio {total} long</source>
        <translation>音频时长 {total}</translation>
    </message>
    <message>
        <location filename="../../widgets/timeline_access.py" line="101"/>
        <source>Selection {a} to {b} ({n} s)</source>
        <translation>选区 {a} 至 {b}（{n} 秒）</translation>
    </message>
    <message>
        <location filename="../ui/speak/pronunciation_dialog.py" line="51"/>
        <source>Any language</source>
        <translation>任何语言</translation>
    </message>
    <message>
        <source>Mandarin</source>
        <translation type="vanished">普通话</translation>
    </message>
    <message>
        <source>Japanese</source>
        <translation type="vanished">日语</translation>
    </message>
    <message>
        <source>Korean</source>
        <translation type="vanished">韩语</translation>
    </message>
    <message>
        <source>Cantonese</source>
        <translation type="vanished">粤语</translation>
    </message>
    <message>
        <source>German</source>
        <translation type="vanished">德语</translation>
    </message>
    <message>
        <source>French</source>
        <translation type="vanished">法语</translation>
    </message>
    <message>
        <source>Spanish</source>
        <translation type="vanished">西班牙语</translation>
    </message>
    <message>
        <source>Italian</source>
        <translation type="vanished">意大利语</translation>
    </message>
    <message>
        <source>Portuguese</source>
        <translation type="vanished">葡萄牙语</translation>
    </message>
    <message>
        <source>Russian</source>
        <translation type="vanished">俄语</translation>
    </message>
    <message>
        <source>Hindi</source>
        <translation type="vanished">印地语</translation>
    </message>
    <message>
        <location filename="../ui/speak/pronunciation_dialog.py" line="55"/>
        <source>Respelling</source>
        <translation>改写拼读</translation>
    </message>
    <message>
        <location filename="../ui/speak/pronunciation_dialog.py" line="55"/>
        <source>IPA phonemes</source>
        <translation>IPA 音素</translation>
    </message>
    <message>
        <location filename="../ui/speak/pronunciation_dialog.py" line="56"/>
        <source>Pinyin with tones</source>
        <translation>带声调拼音</translation>
    </message>
    <message>
        <location filename="../ui/speak/pronunciation_dialog.py" line="64"/>
        <location filename="../ui/speak/pronunciation_dialog.py" line="81"/>
        <source>Pronunciations</source>
        <translation>发音词典</translation>
    </message>
    <message>
        <location filename="../ui/speak/pronunciation_dialog.py" line="68"/>
        <source>Words and names the voices should read another way, in every take and script. Changes are saved at once.</source>
        <translation>让语音换一种读法的词语和名字，用于每条录音和每个脚本。修改会立即保存。</translation>
    </message>
    <message>
        <location filename="../ui/speak/pronunciation_dialog.py" line="74"/>
        <source>Word</source>
        <translation>词语</translation>
    </message>
    <message>
        <location filename="../ui/speak/pronunciation_dialog.py" line="74"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../ui/speak/pronunciation_dialog.py" line="74"/>
        <source>Reading</source>
        <translation>读法</translation>
    </message>
    <message>
        <location filename="../ui/speak/pronunciation_dialog.py" line="85"/>
        <source>e.g. Siobhan</source>
        <translation>例如：重庆</translation>
    </message>
    <message>
        <location filename="../ui/speak/pronunciation_dialog.py" line="94"/>
        <source>&amp;Word:</source>
        <translation>词语(&amp;W)：</translation>
    </message>
    <message>
        <location filename="../ui/speak/pronunciation_dialog.py" line="94"/>
        <source>&amp;Language:</source>
        <translation>语言(&amp;L)：</translation>
    </message>
    <message>
        <location filename="../ui/speak/pronunciation_dialog.py" line="95"/>
        <source>&amp;Kind:</source>
        <translation>类型(&amp;K)：</translation>
    </message>
    <message>
        <location filename="../ui/speak/pronunciation_dialog.py" line="95"/>
        <source>&amp;Reading:</source>
        <translation>读法(&amp;R)：</translation>
    </message>
    <message>
        <location filename="../ui/speak/pronunciation_dialog.py" line="108"/>
        <source>&amp;Add or Update</source>
        <translation>添加或更新(&amp;A)</translation>
    </message>
    <message>
        <location filename="../ui/speak/pronunciation_dialog.py" line="109"/>
        <source>&amp;Remove</source>
        <translation>删除(&amp;R)</translation>
    </message>
    <message>
        <location filename="../ui/speak/pronunciation_dialog.py" line="110"/>
        <source>&amp;Import…</source>
        <translation>导入(&amp;I)…</translation>
    </message>
    <message>
        <location filename="../ui/speak/pronunciation_dialog.py" line="111"/>
        <source>&amp;Export…</source>
        <translation>导出(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../ui/speak/pronunciation_dialog.py" line="165"/>
        <source>e.g. Shiv-awn</source>
        <translation>例如：虫庆</translation>
    </message>
    <message>
        <location filename="../ui/speak/pronunciation_dialog.py" line="202"/>
        <source>Import Pronunciations</source>
        <translation>导入发音词典</translation>
    </message>
    <message>
        <location filename="../ui/speak/pronunciation_dialog.py" line="219"/>
        <source>Imported {0} entries.</source>
        <translation>已导入 {0} 条。</translation>
    </message>
    <message>
        <location filename="../ui/speak/pronunciation_dialog.py" line="222"/>
        <source>Export Pronunciations</source>
        <translation>导出发音词典</translation>
    </message>
    <message>
        <location filename="../ui/speak/pronunciation_dialog.py" line="229"/>
        <source>Saved {0}.</source>
        <translation>已保存 {0}。</translation>
    </message>
    <message>
        <location filename="../ui/speak/pronunciations.py" line="60"/>
        <source>Pronunciations: {0}</source>
        <translation>发音词典：{0}</translation>
    </message>
    <message>
        <location filename="../ui/speak/pronunciations.py" line="96"/>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../ui/speak/pronunciations.py" line="97"/>
        <source>Include your {0} pronunciations in the bundle? Whoever imports it gets them too.</source>
        <translation>把你的 {0} 条发音一并放进包里吗？导入这个包的人也会得到它们。</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_memory.py" line="51"/>
        <source>about {0} MB</source>
        <translation>约 {0} MB</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_memory.py" line="57"/>
        <source>{0} min</source>
        <translation>{0} 分钟</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_memory.py" line="57"/>
        <source>under a minute</source>
        <translation>不到一分钟</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_memory.py" line="67"/>
        <source>Engine Memory</source>
        <translation>引擎内存</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_memory.py" line="73"/>
        <source>Voices load when a take first needs them and stay in memory. The memory shown is how much the app grew when each one loaded, measured on this computer.</source>
        <translation>语音在录音首次需要时加载，之后留在内存中。显示的内存是每种语音加载时应用增加的内存，在这台电脑上测得。</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_memory.py" line="78"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_memory.py" line="78"/>
        <source>Memory</source>
        <translation>内存</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_memory.py" line="78"/>
        <source>Unused for</source>
        <translation>未使用时长</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_memory.py" line="86"/>
        <source>No loaded engine keeps voices in memory this way.</source>
        <translation>没有已加载的引擎以这种方式把语音留在内存中。</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_memory.py" line="93"/>
        <source>Never</source>
        <translation>从不</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_memory.py" line="93"/>
        <source>{0} minutes</source>
        <translation>{0} 分钟</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_memory.py" line="96"/>
        <source>Unload voices unused for</source>
        <translation>卸载超过此时长未用的语音</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_memory.py" line="98"/>
        <source>Piper, the default voice, stays loaded so the next take starts at once.</source>
        <translation>默认语音 Piper 始终保持加载，下一次录音可以立即开始。</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_memory.py" line="125"/>
        <source>Speaking</source>
        <translation>正在朗读</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_memory.py" line="125"/>
        <source>Loaded</source>
        <translation>已加载</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_memory.py" line="125"/>
        <source>Not loaded</source>
        <translation>未加载</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_memory.py" line="131"/>
        <source>Unload</source>
        <translation>卸载</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_memory.py" line="133"/>
        <source>Only a loaded voice that is not speaking can be unloaded.</source>
        <translation>只有已加载且不在朗读的语音才能卸载。</translation>
    </message>
    <message>
        <location filename="../ui/shell/engine_memory.py" line="172"/>
        <source>Unloaded {0}: unused for {1} minutes (about {2} MB).</source>
        <translation>已卸载 {0}：{1} 分钟未使用（约 {2} MB）。</translation>
    </message>
    <message>
        <location filename="../ui/shell/llm_server_box.py" line="33"/>
        <source>The server&apos;s address must start with http:// or https:// and name a host, as in http://gpu-host:8000.</source>
        <translation>服务器地址必须以 http:// 或 https:// 开头并写明主机，例如 http://gpu-host:8000。</translation>
    </message>
    <message>
        <location filename="../ui/shell/llm_server_box.py" line="44"/>
        <source>Language model</source>
        <translation>语言模型</translation>
    </message>
    <message>
        <location filename="../ui/shell/llm_server_box.py" line="46"/>
        <source>On this computer</source>
        <translation>在这台电脑上</translation>
    </message>
    <message>
        <location filename="../ui/shell/llm_server_box.py" line="47"/>
        <source>On a vLLM server (its weights are not downloaded here)</source>
        <translation>在 vLLM 服务器上（其权重不下载到本机）</translation>
    </message>
    <message>
        <location filename="../ui/shell/llm_server_box.py" line="60"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../ui/shell/llm_server_box.py" line="61"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../ui/shell/llm_server_box.py" line="62"/>
        <source>Served model name</source>
        <translation>服务的模型名</translation>
    </message>
    <message>
        <location filename="../ui/shell/llm_server_box.py" line="63"/>
        <source>API key</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <location filename="../ui/shell/llm_server_box.py" line="69"/>
        <source>The server runs only the language model; the audio tokenizer and the decoder run here. The key is kept in the settings file as typed.</source>
        <translation>服务器只运行语言模型；音频分词器和解码器在本机运行。密钥按输入原样保存在设置文件中。</translation>
    </message>
</context>
<context>
    <name>Languages</name>
    <message>
        <location filename="../ui/common/labels.py" line="14"/>
        <source>English</source>
        <translation>英语</translation>
    </message>
    <message>
        <location filename="../ui/common/labels.py" line="14"/>
        <source>Mandarin</source>
        <translation>普通话</translation>
    </message>
    <message>
        <location filename="../ui/common/labels.py" line="15"/>
        <source>Japanese</source>
        <translation>日语</translation>
    </message>
    <message>
        <location filename="../ui/common/labels.py" line="15"/>
        <source>Korean</source>
        <translation>韩语</translation>
    </message>
    <message>
        <location filename="../ui/common/labels.py" line="16"/>
        <source>Cantonese</source>
        <translation>粤语</translation>
    </message>
    <message>
        <location filename="../ui/common/labels.py" line="17"/>
        <source>Sichuanese</source>
        <translation>四川话</translation>
    </message>
    <message>
        <location filename="../ui/common/labels.py" line="18"/>
        <source>German</source>
        <translation>德语</translation>
    </message>
    <message>
        <location filename="../ui/common/labels.py" line="18"/>
        <source>French</source>
        <translation>法语</translation>
    </message>
    <message>
        <location filename="../ui/common/labels.py" line="19"/>
        <source>Spanish</source>
        <translation>西班牙语</translation>
    </message>
    <message>
        <location filename="../ui/common/labels.py" line="19"/>
        <source>Italian</source>
        <translation>意大利语</translation>
    </message>
    <message>
        <location filename="../ui/common/labels.py" line="20"/>
        <source>Portuguese</source>
        <translation>葡萄牙语</translation>
    </message>
    <message>
        <location filename="../ui/common/labels.py" line="20"/>
        <source>Russian</source>
        <translation>俄语</translation>
    </message>
    <message>
        <location filename="../ui/common/labels.py" line="21"/>
        <source>Hindi</source>
        <translation>印地语</translation>
    </message>
</context>
<context>
    <name>LevelMeter</name>
    <message>
        <location filename="../../widgets/level_meter.py" line="39"/>
        <source>Input level</source>
        <translation>输入电平</translation>
    </message>
    <message>
        <location filename="../../widgets/level_meter.py" line="64"/>
        <source>{0:.0f} dBFS</source>
        <translation>{0:.0f} dBFS</translation>
    </message>
</context>
<context>
    <name>Notices</name>
    <message>
        <location filename="../../widgets/notices.py" line="60"/>
        <location filename="../../widgets/notices.py" line="61"/>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>ScriptLines</name>
    <message>
        <location filename="../ui/speak/script_lines.py" line="45"/>
        <source>Takes</source>
        <translation>版本数</translation>
    </message>
</context>
<context>
    <name>TagEditor</name>
    <message>
        <location filename="../../widgets/tag_editor.py" line="68"/>
        <source>emotion</source>
        <translation>情感</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_editor.py" line="69"/>
        <source>language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_editor.py" line="70"/>
        <source>speed</source>
        <translation>语速</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_editor.py" line="71"/>
        <source>music</source>
        <translation>音乐</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_editor.py" line="72"/>
        <source>sound</source>
        <translation>声音效果</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_editor.py" line="73"/>
        <source>pause</source>
        <translation>停顿</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_editor.py" line="74"/>
        <source>free-form instruction</source>
        <translation>自由指令</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_editor.py" line="86"/>
        <source>native</source>
        <translation>原生支持</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_editor.py" line="87"/>
        <source>approximated</source>
        <translation>近似实现</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_editor.py" line="88"/>
        <source>not possible</source>
        <translation>无法实现</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_editor.py" line="306"/>
        <source>said as</source>
        <translation>读作</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_editor.py" line="307"/>
        <source>IPA</source>
        <translation>国际音标</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_editor.py" line="308"/>
        <source>pinyin</source>
        <translation>拼音</translation>
    </message>
</context>
<context>
    <name>TagNames</name>
    <message>
        <location filename="../../widgets/tag_picker.py" line="30"/>
        <source>Happy</source>
        <translation>高兴</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="30"/>
        <source>Angry</source>
        <translation>生气</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="31"/>
        <source>Sad</source>
        <translation>悲伤</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="31"/>
        <source>Coquettish</source>
        <translation>撒娇</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="32"/>
        <source>Mandarin</source>
        <translation>中文</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="32"/>
        <source>English</source>
        <translation>英文</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="33"/>
        <source>Korean</source>
        <translation>韩语</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="33"/>
        <source>Japanese</source>
        <translation>日语</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="34"/>
        <source>Sichuanese</source>
        <translation>四川话</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="34"/>
        <source>Cantonese</source>
        <translation>粤语</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="35"/>
        <source>Slow</source>
        <translation>慢速</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="35"/>
        <source>Fast</source>
        <translation>快速</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="36"/>
        <source>Rap</source>
        <translation>说唱</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="36"/>
        <source>Humming</source>
        <translation>哼唱</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="37"/>
        <source>Breathing</source>
        <translation>呼吸</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="37"/>
        <source>Laughter</source>
        <translation>笑声</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="38"/>
        <source>Surprise (oh)</source>
        <translation>惊讶（哦）</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="38"/>
        <source>Confirmation (en)</source>
        <translation>肯定（嗯）</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="39"/>
        <source>Uhm</source>
        <translation>嗯…</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="39"/>
        <source>Surprise (ah)</source>
        <translation>惊讶（啊）</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="40"/>
        <source>Surprise (wa)</source>
        <translation>惊讶（哇）</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="40"/>
        <source>Sigh</source>
        <translation>叹气</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="41"/>
        <source>Question (ei)</source>
        <translation>疑问（诶）</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="41"/>
        <source>Dissatisfaction (hnn)</source>
        <translation>不满（哼）</translation>
    </message>
</context>
<context>
    <name>WaveformView</name>
    <message>
        <location filename="../../widgets/waveform_view.py" line="63"/>
        <source>No audio yet. Type some text and press Generate (Ctrl+Enter).</source>
        <translation>还没有音频。输入文字并点击“生成”（Ctrl+Enter）。</translation>
    </message>
    <message>
        <location filename="../../widgets/waveform_view.py" line="88"/>
        <source>time</source>
        <translation>时间</translation>
    </message>
</context>
<context>
    <name>core</name>
    <message>
        <location filename="../ui/common/core_messages.py" line="14"/>
        <source>Only {0} s of speech; record or import at least {1} s of continuous speech.</source>
        <translation>只有 {0} 秒语音；请录制或导入至少 {1} 秒的连续语音。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="15"/>
        <source>{0} s of speech is usable but short; 5-10 s gives a more faithful clone.</source>
        <translation>{0} 秒语音可用但偏短；5-10 秒能克隆得更逼真。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="16"/>
        <source>The recording is {0} s long; only the best 5-10 s window will be used, so check that it is the voice you want.</source>
        <translation>录音长 {0} 秒；只会使用其中最好的 5-10 秒片段，请确认那是你想要的声音。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="18"/>
        <source>{0} s of speech is enough.</source>
        <translation>{0} 秒语音，足够了。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="19"/>
        <source>No speech was heard (overall level {0} dBFS); check the microphone or the file and record again.</source>
        <translation>没有听到语音（整体电平 {0} dBFS）；请检查麦克风或文件后重新录制。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="21"/>
        <source>Speech is very quiet ({0} dBFS); move closer to the microphone or raise its input gain and record again.</source>
        <translation>语音非常轻（{0} dBFS）；请靠近麦克风或调高输入增益后重新录制。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="23"/>
        <source>Speech is quiet ({0} dBFS); it will be normalised, but recording closer to the microphone keeps the noise lower.</source>
        <translation>语音偏轻（{0} dBFS）；会做音量归一化，但靠近麦克风录制噪声更低。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="25"/>
        <source>Speech is very loud ({0} dBFS); lower the input gain to leave headroom.</source>
        <translation>语音非常响（{0} dBFS）；请调低输入增益，留出余量。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="26"/>
        <source>Speech level {0} dBFS is fine.</source>
        <translation>语音电平 {0} dBFS，正常。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="27"/>
        <source>{0} of the samples are clipped ({1} flat-topped runs); lower the input gain and record again — clipping cannot be undone.</source>
        <translation>{0} 的采样削波（{1} 段平顶）；请调低输入增益后重新录制——削波无法恢复。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="29"/>
        <source>A few samples are clipped ({0} runs); prefer a window without them or record a little quieter.</source>
        <translation>少量采样削波（{0} 段）；请选用没有削波的片段，或录得轻一些。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="31"/>
        <source>No clipping.</source>
        <translation>没有削波。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="32"/>
        <source>Not checked: no speech to compare the noise with.</source>
        <translation>未检查：没有可与噪声比较的语音。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="33"/>
        <source>noise floor {0} dBFS from {1}</source>
        <translation>噪声底 {0} dBFS，取自{1}</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="34"/>
        <source>non-speech frames (VAD)</source>
        <translation>非语音帧（VAD）</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="35"/>
        <source>quietest 10% of frames (too few pauses for VAD-based noise)</source>
        <translation>最安静的 10% 帧（停顿太少，无法用 VAD 估计噪声）</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="36"/>
        <source>Background noise is loud (SNR {0} dB, {1}); record in a quieter room or turn on denoise.</source>
        <translation>背景噪声很大（信噪比 {0} dB，{1}）；请换个更安静的房间录制，或开启降噪。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="38"/>
        <source>Some background noise (SNR {0} dB, {1}); the clone may copy it — denoise can help.</source>
        <translation>有一些背景噪声（信噪比 {0} dB，{1}）；克隆可能会把它也学进去——降噪会有帮助。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="40"/>
        <source>Clean recording (SNR {0} dB).</source>
        <translation>录音干净（信噪比 {0} dB）。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="41"/>
        <source>The recording is silent or holds no speech; record again.</source>
        <translation>录音是静音或没有语音；请重新录制。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="42"/>
        <source>{0} of the recording is not speech; use the suggested window or speak with fewer pauses.</source>
        <translation>录音中 {0} 不是语音；请使用建议的片段，或说话时少停顿。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="44"/>
        <source>{0} s of silence before and {1} s after the speech; trim it (the suggested window does).</source>
        <translation>语音前有 {0} 秒、后有 {1} 秒静音；请裁掉（建议的片段已裁掉）。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="46"/>
        <source>{0} pauses, a natural amount.</source>
        <translation>{0} 停顿，属于自然范围。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="47"/>
        <source>{0} kHz is telephone quality; the clone will sound muffled — use a recording made at {1} kHz or more if you have one.</source>
        <translation>{0} kHz 是电话音质；克隆出的声音会发闷——如有 {1} kHz 或更高采样率的录音请改用它。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="49"/>
        <source>{0} kHz is enough.</source>
        <translation>{0} kHz，足够了。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="50"/>
        <source>A steady tone near {0} Hz runs through the recording (heuristic: hum, whistle or music); remove its source and record again.</source>
        <translation>录音中一直有约 {0} Hz 的持续音（启发式判断：嗡嗡声、口哨或音乐）；请去掉声源后重新录制。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="52"/>
        <source>The pauses sound tonal, like music in the background ({0} of them; heuristic); record without music playing.</source>
        <translation>停顿处听起来有音调，像背景音乐（占 {0}；启发式判断）；请在不放音乐时录制。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="54"/>
        <source>No music or steady tones found (heuristic).</source>
        <translation>没有发现音乐或持续音（启发式判断）。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="55"/>
        <source>Not checked: {0}; listen to make sure only one person speaks.</source>
        <translation>未检查：{0}；请试听，确认只有一个人在说话。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="56"/>
        <source>Not checked: too little speech to compare voices; listen to make sure only one person speaks.</source>
        <translation>未检查：语音太少，无法比较声音；请试听，确认只有一个人在说话。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="58"/>
        <source>There is a second voice (around {0}, similarity {1}); keep only one speaker — use the suggested window or trim.</source>
        <translation>有第二个声音（约在 {0}，相似度 {1}）；只保留一位说话人——请使用建议的片段或裁剪。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="60"/>
        <source>There is possibly a second voice (around {0}, similarity {1}); keep only one speaker — use the suggested window or trim.</source>
        <translation>可能有第二个声音（约在 {0}，相似度 {1}）；只保留一位说话人——请使用建议的片段或裁剪。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="62"/>
        <source>One speaker throughout.</source>
        <translation>自始至终只有一位说话人。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="63"/>
        <source>Not a good reference yet: fix {0}.</source>
        <translation>还不是好的参考音频：请解决{0}。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="64"/>
        <source>Usable, with warnings about {0}.</source>
        <translation>可用，但{0}有警告。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="65"/>
        <source>A good reference.</source>
        <translation>很好的参考音频。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="66"/>
        <source>No audio output device was found. Generating and exporting still work.</source>
        <translation>没有找到音频输出设备。仍可生成和导出。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="67"/>
        <source>Sound output is unavailable because the PortAudio library could not be loaded (on Linux, install the libportaudio2 package). Generating and exporting still work.</source>
        <translation>无法输出声音：PortAudio 库加载失败（Linux 上请安装 libportaudio2 软件包）。仍可生成和导出。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="70"/>
        <source>The selected audio output device is no longer available. Choose another one in Settings.</source>
        <translation>所选音频输出设备已不可用。请在设置中另选一个。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="72"/>
        <source>The audio output device “{0}” does not accept any usable format. Choose another one in Settings.</source>
        <translation>音频输出设备“{0}”不支持任何可用格式。请在设置中另选一个。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="74"/>
        <source>Sound output is unavailable ({0}). Generating and exporting still work.</source>
        <translation>无法输出声音（{0}）。仍可生成和导出。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="75"/>
        <source>Playback failed ({0}).</source>
        <translation>播放失败（{0}）。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="76"/>
        <source>No microphone (audio input device) was found. You can still import a recording from a file.</source>
        <translation>没有找到麦克风（音频输入设备）。仍可从文件导入录音。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="78"/>
        <source>No microphone (audio input device) was found.</source>
        <translation>没有找到麦克风（音频输入设备）。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="79"/>
        <source>You can still import a recording from a file.</source>
        <translation>仍可从文件导入录音。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="80"/>
        <source>Recording is unavailable because the PortAudio library could not be loaded (on Linux, install the libportaudio2 package). You can still import a recording from a file.</source>
        <translation>无法录音：PortAudio 库加载失败（Linux 上请安装 libportaudio2 软件包）。仍可从文件导入录音。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="83"/>
        <source>The selected microphone is no longer available. Choose another one.</source>
        <translation>所选麦克风已不可用。请另选一个。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="84"/>
        <source>The microphone stopped delivering sound (was it unplugged?); the recording so far was kept.</source>
        <translation>麦克风不再有声音输入（是否已拔出？）；已保留目前为止的录音。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="86"/>
        <source>The recording reached its maximum length and was stopped.</source>
        <translation>录音已达到最大长度，已停止。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="87"/>
        <source>The microphone “{0}” does not accept any usable format. Choose another one.</source>
        <translation>麦克风“{0}”不支持任何可用格式。请另选一个。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="88"/>
        <source>Recording is unavailable ({0}). You can still import a recording from a file.</source>
        <translation>无法录音（{0}）。仍可从文件导入录音。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="90"/>
        <source>The microphone “{0}” could not be opened ({1}).</source>
        <translation>无法打开麦克风“{0}”（{1}）。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="91"/>
        <source>The microphone “{0}” could not be started ({1}).</source>
        <translation>无法启动麦克风“{0}”（{1}）。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="92"/>
        <source>No voice here can act an emotion; approximated with prosody only ({0}).</source>
        <translation>这里没有能表演情绪的声音；仅用韵律近似（{0}）。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="93"/>
        <source>level {0}: rate {1} %, pitch {2} semitones, loudness {3} dB</source>
        <translation>{0} 级：语速 {1}%，音高 {2} 半音，响度 {3} dB</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="94"/>
        <source>level {0}: rate {1} %, pitch {2} semitones, loudness {3} dB; level {4}: rate {5} %, pitch {6} semitones, loudness {7} dB</source>
        <translation>{0} 级：语速 {1}%，音高 {2} 半音，响度 {3} dB；{4} 级：语速 {5}%，音高 {6} 半音，响度 {7} dB</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="96"/>
        <source>Spoken by a Kokoro voice in Mandarin (misaki pinyin phonemes); Piper Joe hands Mandarin to Kokoro Gongitsune. Tones are not always right (about 2-8 % of syllables heard wrong).</source>
        <translation>由 Kokoro 声音用普通话朗读（misaki 拼音音素）；Piper Joe 会把普通话交给 Kokoro Gongitsune。声调不总是准确（约 2-8% 的音节听起来不对）。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="99"/>
        <source>Spoken in English by the chosen voice (Piper Joe if it cannot).</source>
        <translation>由所选声音用英语朗读（它不会英语时由 Piper Joe 朗读）。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="100"/>
        <source>Spoken by espeak-ng&apos;s Korean formant voice: robotic and hard to understand; no neural Korean voice is bundled.</source>
        <translation>由 espeak-ng 的韩语共振峰声音朗读：机械感强、不易听懂；未附带神经网络韩语声音。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="102"/>
        <source>Spoken by a Kokoro voice in Japanese (OpenJTalk readings).</source>
        <translation>由 Kokoro 声音用日语朗读（OpenJTalk 读音）。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="103"/>
        <source>No Sichuanese voice is bundled: the text is spoken in standard Mandarin instead.</source>
        <translation>未附带四川话声音：改用标准普通话朗读。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="105"/>
        <source>Spoken by espeak-ng&apos;s Cantonese formant voice: robotic and hard to understand; no neural Cantonese voice is bundled.</source>
        <translation>由 espeak-ng 的粤语共振峰声音朗读：机械感强、不易听懂；未附带神经网络粤语声音。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="107"/>
        <source>Speaking rate level 1: x{0}, level 2: x{1}, native in every voice (Piper length scale, Kokoro speed, espeak rate).</source>
        <translation>语速 1 级：×{0}，2 级：×{1}，所有声音原生支持（Piper 长度比例、Kokoro 语速、espeak 语速）。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="109"/>
        <source>No voice here can rap: the text is spoken plainly.</source>
        <translation>这里没有会说唱的声音：文本按普通方式朗读。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="110"/>
        <source>No voice here can hum: the text is spoken plainly.</source>
        <translation>这里没有会哼唱的声音：文本按普通方式朗读。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="111"/>
        <source>No voice here can make the {0} sound: it is left out and the text is spoken plainly.</source>
        <translation>这里没有能发出「{0}」声的声音：将省略它，文本按普通方式朗读。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="113"/>
        <source>breathing</source>
        <translation>呼吸</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="114"/>
        <source>laughter</source>
        <translation>笑声</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="115"/>
        <source>surprise (oh)</source>
        <translation>惊讶（哦）</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="116"/>
        <source>confirmation (en)</source>
        <translation>确认（嗯）</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="117"/>
        <source>uhm</source>
        <translation>嗯（犹豫）</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="118"/>
        <source>surprise (ah)</source>
        <translation>惊讶（啊）</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="119"/>
        <source>surprise (wa)</source>
        <translation>惊讶（哇）</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="120"/>
        <source>sigh</source>
        <translation>叹气</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="121"/>
        <source>question (ei)</source>
        <translation>疑问（欸）</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="122"/>
        <source>dissatisfaction (hnn)</source>
        <translation>不满（哼）</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="123"/>
        <source>Free-form instructions need a language-model voice; the embedded voices ignore them (the text is spoken plainly, never the tag).</source>
        <translation>自由指令需要语言模型声音；内置声音会忽略它们（文本按普通方式朗读，绝不会读出标签）。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="125"/>
        <source>Inserts silence of the given length.</source>
        <translation>插入指定长度的静音。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="126"/>
        <source>native for espeak voices (post-process past -6..+9); post-process (pedalboard pitch shift) for Piper and Kokoro voices</source>
        <translation>espeak 声音原生支持（超出 -6..+9 时后期处理）；Piper 和 Kokoro 声音用后期处理（pedalboard 变调）</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="128"/>
        <source>native</source>
        <translation>原生</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="129"/>
        <source>post-process</source>
        <translation>后期处理</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="130"/>
        <source>Matches the nearest blend of the bundled voices and shifts pitch; it does not clone the voice. Reports the similarity it reached. (Use the Step-Audio engine for a real clone.)</source>
        <translation>匹配最接近的内置声音混合并调整音高；它不会克隆声音，会报告达到的相似度。（要真正克隆请使用 Step-Audio 引擎。）</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="133"/>
        <source>measured: resident memory grows by about 125 MB with Piper and espeak loaded and about 570 MB once Kokoro and its Mandarin and Japanese dictionaries are in use; 2 CPU cores; no GPU</source>
        <translation>实测：加载 Piper 和 espeak 后常驻内存增加约 125 MB，使用 Kokoro 及其普通话和日语词典后约 570 MB；2 个 CPU 核心；无需 GPU</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="136"/>
        <source>Offline CPU voices that ship inside Python packages: Piper Joe (English, the default and fastest), five Kokoro voices (Japanese, English, Mandarin) and espeak-ng (Cantonese, Korean and other languages; robotic). Emotions are approximated with rate, pitch and loudness.</source>
        <translation>随 Python 包附带的离线 CPU 声音：Piper Joe（英语，默认且最快）、五个 Kokoro 声音（日语、英语、普通话）和 espeak-ng（粤语、韩语及其他语言；机械感强）。情绪用语速、音高和响度近似。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="141"/>
        <source>read by the model as the prefix {0}</source>
        <translation>由模型作为前缀 {0} 读取</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="142"/>
        <source>read by the model as the prefix {0} (levels {1}; others use the nearest)</source>
        <translation>由模型作为前缀 {0} 读取（等级 {1}；其他等级取最接近的）</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="143"/>
        <source>switches to the rap system prompt and the Music decoder</source>
        <translation>切换到说唱系统提示词和音乐解码器</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="144"/>
        <source>switches to the humming system prompt and the Music decoder</source>
        <translation>切换到哼唱系统提示词和音乐解码器</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="145"/>
        <source>TTS-3B makes no non-verbal sounds (Step-Audio-EditX adds them); it is left out, never read aloud</source>
        <translation>TTS-3B 不会发出非语言声音（Step-Audio-EditX 才支持）；将省略，绝不会读出来</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="147"/>
        <source>passed to the model as a free-form prefix; weaker effect than the listed tags</source>
        <translation>作为自由前缀交给模型；效果弱于列出的标签</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="149"/>
        <source>silence inserted between the sentences around it</source>
        <translation>在前后句子之间插入静音</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="150"/>
        <source>Any clip from 3 s at 8 kHz or more with its transcript (made by the app&apos;s speech recognition when not given).</source>
        <translation>任何 3 秒以上、采样率 8 kHz 及以上的片段及其文字稿（未提供时由应用的语音识别生成）。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="152"/>
        <source>one NVIDIA GPU with 8 GB (8-bit weights) or 12 GB (bf16); runs on the CPU too, far slower than real time. The memory check before loading says what fits.</source>
        <translation>一块 8 GB（8 位权重）或 12 GB（bf16）显存的 NVIDIA GPU；也能在 CPU 上运行，但远慢于实时。加载前的内存检查会说明哪种配置放得下。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="155"/>
        <source>StepFun&apos;s Step-Audio-TTS-3B with its dual-codebook tokenizer and CosyVoice decoders, run locally in PyTorch: emotions, dialects, speed, RAP and humming, zero-shot cloning.</source>
        <translation>阶跃星辰的 Step-Audio-TTS-3B，配双码本分词器和 CosyVoice 解码器，在本地用 PyTorch 运行：情绪、方言、语速、说唱和哼唱、零样本克隆。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="160"/>
        <source>there is no text to speak</source>
        <translation>没有要朗读的文字</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="161"/>
        <source>there is no text to speak (standard input was empty)</source>
        <translation>没有要朗读的文字（标准输入为空）</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="162"/>
        <source>the text holds only tags, nothing to speak: add the words after the tags, e.g. &apos;(高兴1)Hello there.&apos;</source>
        <translation>文字里只有标签，没有可朗读的内容：请在标签后写上文字，例如 &apos;(高兴1)你好。&apos;</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="164"/>
        <source>--{0} {1} is outside what engine &apos;{2}&apos; can do; use a value from {3} to {4}</source>
        <translation>--{0} {1} 超出了引擎 &apos;{2}&apos; 的范围；请使用 {3} 到 {4} 之间的值</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="165"/>
        <source>{0} semitones</source>
        <translation>{0} 半音</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="166"/>
        <source>unknown engine &apos;{0}&apos; (known engines: {1})</source>
        <translation>未知引擎 &apos;{0}&apos;（已知引擎：{1}）</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="167"/>
        <source>unknown voice &apos;{0}&apos; for engine &apos;{1}&apos; (see &apos;step-studio voices --engine {2}&apos;)</source>
        <translation>引擎 &apos;{1}&apos; 没有音色 &apos;{0}&apos;（见 &apos;step-studio voices --engine {2}&apos;）</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="168"/>
        <source>cannot write {0}: the folder {1} does not exist</source>
        <translation>无法写入 {0}：文件夹 {1} 不存在</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="169"/>
        <source>cannot write {0}: {1} is not a folder</source>
        <translation>无法写入 {0}：{1} 不是文件夹</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="170"/>
        <source>cannot write {0}: it is a folder</source>
        <translation>无法写入 {0}：它是一个文件夹</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="171"/>
        <source>engine &apos;{0}&apos; takes no option &apos;{1}&apos; (it takes: {2})</source>
        <translation>引擎 &apos;{0}&apos; 不接受选项 &apos;{1}&apos;（它接受：{2}）</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="172"/>
        <source>--option needs NAME=VALUE, not &apos;{0}&apos;</source>
        <translation>--option 需要 名称=值 的形式，而不是 &apos;{0}&apos;</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="173"/>
        <source>a voice is saved only with its consent record: say who is speaking (--speaker NAME) and how they agreed (--consent HOW, e.g. --consent &apos;in writing&apos;); this is what the Clone wizard asks for too</source>
        <translation>只有附带同意记录才能保存音色：请说明说话人是谁（--speaker 名字）以及对方如何同意（--consent 方式，例如 --consent &apos;书面同意&apos;）；克隆向导也要求这些信息</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="176"/>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="177"/>
        <source>cancelled; the {0} s made so far were written to {1}</source>
        <translation>已取消；已生成的 {0} 秒已写入 {1}</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="178"/>
        <source>engine &apos;{0}&apos; cannot run here: {1}</source>
        <translation>引擎 &apos;{0}&apos; 无法在此运行：{1}</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="179"/>
        <source>the file was written but the take was not saved: {0}</source>
        <translation>文件已写入，但音频未保存到历史：{0}</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="180"/>
        <source>the engine produced no audio</source>
        <translation>引擎没有生成音频</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="181"/>
        <source>--text must say what the recording says</source>
        <translation>--text 必须写出录音所说的内容</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="182"/>
        <source>--name must not be empty</source>
        <translation>--name 不能为空</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="183"/>
        <source>{0} (see &apos;{1} --help&apos;)</source>
        <translation>{0}（见 &apos;{1} --help&apos;）</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="184"/>
        <source>the voice library was not read: {0}</source>
        <translation>未能读取音色库：{0}</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="185"/>
        <source>an unexpected failure ({0}); the details are in {1}. Please report it.</source>
        <translation>意外故障（{0}）；详情见 {1}。请报告此问题。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="186"/>
        <source>{0}: {1}</source>
        <translation>{0}：{1}</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="188"/>
        <source>{0} cannot speak {1}; {2} speaks that part instead.</source>
        <translation>{0} 不会说{1}；这部分由 {2} 来说。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="223"/>
        <source>the sentence is spoken, then given this emotion by an EditX edit (each level is one more round of it)</source>
        <translation>先说出这句话，再由 EditX 编辑赋予这种情感（每高一级多编辑一轮）</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="225"/>
        <source>the sentence is spoken, then given this speaking style by an EditX edit (each level is one more round of it)</source>
        <translation>先说出这句话，再由 EditX 编辑赋予这种说话风格（每高一级多编辑一轮）</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="227"/>
        <source>the sentence is spoken, then made slower or faster by an EditX speed edit (level 2: its stronger speed)</source>
        <translation>先说出这句话，再由 EditX 语速编辑放慢或加快（2 级：更强的语速）</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="229"/>
        <source>EditX speaks it by default; the text decides</source>
        <translation>EditX 默认就说这种语言；由文本决定</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="230"/>
        <source>written as EditX&apos;s language tag {0}</source>
        <translation>写成 EditX 的语言标签 {0}</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="231"/>
        <source>EditX has no RAP or humming (TTS-3B does them); the text is spoken plainly</source>
        <translation>EditX 不会说唱或哼唱（TTS-3B 会）；文本按普通方式说出</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="232"/>
        <source>the sentence is spoken, then EditX adds the sound at the tag&apos;s place (a paralinguistic edit)</source>
        <translation>先说出这句话，再由 EditX 在标签处加上这个声音（副语言编辑）</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="234"/>
        <source>EditX takes no free-form instructions; left out, never read aloud</source>
        <translation>EditX 不接受自由指令；已略去，绝不会被读出来</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="236"/>
        <source>The pinyin with tone digits is written in place of the word; EditX reads inline pinyin (guo4).</source>
        <translation>用带声调数字的拼音替换该词；EditX 能读行内拼音（guo4）。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="238"/>
        <source>EditX reads text, not phonemes: the word is read as written. Use a respelling or pinyin.</source>
        <translation>EditX 读文本，不读音素：该词按原文读出。请使用改写拼写或拼音。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="240"/>
        <source>Step-Audio-EditX re-speaks the clip with the chosen emotion, in the same voice and words.</source>
        <translation>Step-Audio-EditX 以所选情感重新说出这段录音，声音和字词不变。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="242"/>
        <source>Step-Audio-EditX re-speaks the clip in the chosen speaking style.</source>
        <translation>Step-Audio-EditX 以所选说话风格重新说出这段录音。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="243"/>
        <source>Step-Audio-EditX re-speaks the clip with the sound added before the word nearest the chosen point; it needs the clip&apos;s transcript.</source>
        <translation>Step-Audio-EditX 重新说出这段录音，并在离所选位置最近的词前加上这个声音；需要录音的文字稿。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="245"/>
        <source>Step-Audio-EditX re-speaks the clip without the noise.</source>
        <translation>Step-Audio-EditX 去掉噪声重新说出这段录音。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="246"/>
        <source>Step-Audio-EditX re-speaks the clip without its silent parts.</source>
        <translation>Step-Audio-EditX 去掉静音部分重新说出这段录音。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="247"/>
        <source>Step-Audio-EditX has four speeds: the factor picks one (above 1.25: much faster; above 1: faster; 0.8 to 1: slower; below 0.8: much slower).</source>
        <translation>Step-Audio-EditX 有四档语速，按倍数选一档（大于 1.25：快很多；大于 1：快一些；0.8 到 1：慢一些；小于 0.8：慢很多）。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="249"/>
        <source>Step-Audio-EditX has no pitch edit; the Embedded engine changes pitch.</source>
        <translation>Step-Audio-EditX 没有音高编辑；内置引擎可以改音高。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="250"/>
        <source>StepFun&apos;s Step-Audio-EditX run locally in PyTorch: edits recordings by instruction (15 emotions, 33 speaking styles, four speeds, ten non-verbal sounds, denoising, silence removal) and speaks text in a cloned voice at 24 kHz.</source>
        <translation>阶跃星辰的 Step-Audio-EditX，在本机用 PyTorch 运行：按指令编辑录音（15 种情感、33 种说话风格、四档语速、十种非语言声音、降噪、去除静音），并以克隆的声音朗读文本（24 kHz）。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="253"/>
        <source>one NVIDIA GPU with 12 GB (bf16) or about 8 GB (8-bit weights); runs on the CPU too, many times slower than real time. The memory check before loading says what fits.</source>
        <translation>一块 12 GB 的 NVIDIA GPU（bf16）或约 8 GB（8 位权重）；也能在 CPU 上运行，但比实时慢许多倍。加载前的内存检查会说明能否装下。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="256"/>
        <source>Any clip from 3 s with its transcript (made by the app&apos;s speech recognition when not given); EditX voices are prepared for EditX (its decoder runs at 24 kHz).</source>
        <translation>任何 3 秒以上的录音及其文字稿（未提供时由应用的语音识别生成）；EditX 的声音专为 EditX 准备（其解码器以 24 kHz 运行）。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="260"/>
        <source>Step-Audio-EditX (local)</source>
        <translation>Step-Audio-EditX（本地）</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="334"/>
        <source>Noise removal by DeepFilterNet3 (a neural speech enhancer): what it hears as noise is lowered by up to 20 dB.</source>
        <translation>由 DeepFilterNet3（一种神经网络语音增强模型）去除噪声：它识别为噪声的声音最多降低 20 dB。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="443"/>
        <source>Trying a gentler pitch shift…</source>
        <translation>正在尝试较小的移调…</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="444"/>
        <source>Spoken shifted {0} semitones, to be heard clearly.</source>
        <translation>改为移调 {0} 个半音朗读，以便听清。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="498"/>
        <source>Every voice reads the respelling in place of the word.</source>
        <translation>每个语音都按改写的拼读来读这个词。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="499"/>
        <source>Piper and Kokoro voices read the IPA as phonemes (a symbol a voice has no sound for is left out, with a warning). eSpeak voices (Cantonese, Korean, ...) cannot: they read the word as written and say so.</source>
        <translation>Piper 和 Kokoro 语音把 IPA 当作音素来读（语音没有对应发音的符号会被略去，并给出提示）。eSpeak 语音（粤语、韩语等）做不到：它们按原文读这个词，并会说明。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="502"/>
        <source>Mandarin is spoken by Kokoro voices, which read the pinyin through misaki&apos;s own pinyin table.</source>
        <translation>普通话由 Kokoro 语音朗读，它们通过 misaki 自带的拼音表来读拼音。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="235"/>
        <location filename="../ui/common/core_messages.py" line="504"/>
        <source>The respelling is written in place of the word.</source>
        <translation>用改写的拼读替换这个词。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="505"/>
        <source>TTS-3B reads text, not phonemes: the word is read as written. Use a respelling.</source>
        <translation>TTS-3B 读文字，不读音素：这个词会按原文读。请使用改写拼读。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="507"/>
        <source>TTS-3B is not documented to read inline pinyin (EditX is): the word is read as written. Use a respelling (a character with the reading you want).</source>
        <translation>TTS-3B 没有说明支持行内拼音（EditX 支持）：这个词会按原文读。请使用改写拼读（换成读音符合你要求的字）。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="509"/>
        <source>{0} cannot use this kind of pronunciation; the word is read as written</source>
        <translation>{0} 无法使用这种发音；这个词会按原文读</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="510"/>
        <source>{0} cannot read {1}, so &apos;{2}&apos; is spoken as written; a respelling works with every voice.</source>
        <translation>{0} 读不了{1}，因此“{2}”按原文读；改写拼读适用于所有语音。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="512"/>
        <source>{0} has no sound for {1} in the IPA of &apos;{2}&apos;; those symbols are left out.</source>
        <translation>“{2}”的 IPA 中 {1} 在 {0} 里没有对应发音；这些符号已略去。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="513"/>
        <source>respelling</source>
        <translation>改写拼读</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="514"/>
        <source>A pronunciation needs a word, a reading and a language as text.</source>
        <translation>一条发音需要以文字给出词语、读法和语言。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="515"/>
        <source>&apos;{0}&apos; is not a kind of reading; use respell, ipa or pinyin.</source>
        <translation>“{0}”不是一种读法类型；请用 respell、ipa 或 pinyin。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="516"/>
        <source>The word is empty.</source>
        <translation>词语是空的。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="517"/>
        <source>&apos;{0}&apos; has no reading.</source>
        <translation>“{0}”没有读法。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="518"/>
        <source>&apos;{0}&apos; is longer than {1} characters.</source>
        <translation>“{0}”超过 {1} 个字符。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="519"/>
        <source>The reading of &apos;{0}&apos; is longer than {1} characters.</source>
        <translation>“{0}”的读法超过 {1} 个字符。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="520"/>
        <source>&apos;{0}&apos; is not a language code such as en or zh.</source>
        <translation>“{0}”不是 en 或 zh 这样的语言代码。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="521"/>
        <source>&apos;{0}&apos; holds an invisible control character.</source>
        <translation>“{0}”含有看不见的控制字符。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="522"/>
        <source>The reading of &apos;{0}&apos; holds an invisible control character.</source>
        <translation>“{0}”的读法含有看不见的控制字符。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="523"/>
        <source>&apos;{0}&apos; holds a bracket, which tags use.</source>
        <translation>“{0}”含有括号，括号是标签用的。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="524"/>
        <source>The reading of &apos;{0}&apos; holds a bracket, which tags use.</source>
        <translation>“{0}”的读法含有括号，括号是标签用的。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="525"/>
        <source>&apos;{0}&apos; has no letters to find in a text.</source>
        <translation>“{0}”没有可在文本中查找的文字。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="526"/>
        <source>Pinyin is for Mandarin; &apos;{0}&apos; is set to &apos;{1}&apos;.</source>
        <translation>拼音只用于普通话；“{0}”设为了“{1}”。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="527"/>
        <source>&apos;{0}&apos; is not pinyin with tone digits, such as chong2 qing4.</source>
        <translation>“{0}”不是带声调数字的拼音，例如 chong2 qing4。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="528"/>
        <source>&apos;{0}&apos; has {1} characters but {2} pinyin syllables.</source>
        <translation>“{0}”有 {1} 个字，却有 {2} 个拼音音节。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="529"/>
        <source>The IPA of &apos;{0}&apos; holds digits; write stress with ˈ and ˌ.</source>
        <translation>“{0}”的 IPA 含有数字；重音请用 ˈ 和 ˌ 表示。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="530"/>
        <source>A dictionary holds at most {0} words.</source>
        <translation>一个词典最多收 {0} 个词。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="531"/>
        <source>A dictionary holds at most {0} words; this one has {1}.</source>
        <translation>一个词典最多收 {0} 个词；这个有 {1} 个。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="532"/>
        <source>This file is not a pronunciation dictionary.</source>
        <translation>这个文件不是发音词典。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="533"/>
        <source>This pronunciation dictionary was made by a newer Step Audio Studio.</source>
        <translation>这个发音词典是较新版本的 Step Audio Studio 制作的。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="534"/>
        <source>A pronunciation dictionary holds a list of entries.</source>
        <translation>发音词典应包含一个条目列表。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="535"/>
        <source>Entry {0} is not a word with a reading.</source>
        <translation>第 {0} 条不是带读法的词语。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="536"/>
        <source>Entry {0}: {1}</source>
        <translation>第 {0} 条：{1}</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="537"/>
        <source>{0} could not be read ({1}).</source>
        <translation>无法读取 {0}（{1}）。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="538"/>
        <source>{0} is larger than a pronunciation dictionary can be.</source>
        <translation>{0} 比发音词典可能的大小还大。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="539"/>
        <source>{0} is not a pronunciation dictionary (it is not JSON text).</source>
        <translation>{0} 不是发音词典（不是 JSON 文本）。</translation>
    </message>
    <message>
        <source>Spectral gating: the noise profile is taken from the quietest tenth of the clip and sound under it is lowered by up to 20 dB.</source>
        <translation type="vanished">频谱门限：从片段中最安静的十分之一估计噪声，低于噪声的声音最多降低 20 dB。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="336"/>
        <source>Pauses longer than {0} s (no speech by voice activity detection) are shortened to {1} s.</source>
        <translation>长于 {0} 秒的停顿（语音活动检测判定为无语音）缩短到 {1} 秒。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="338"/>
        <source>Time stretching (Rubber Band): faster or slower at the same pitch.</source>
        <translation>时间伸缩（Rubber Band）：音高不变，加快或放慢。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="339"/>
        <source>Pitch shifting (Rubber Band): higher or lower at the same speed; the formants move with it, so large shifts sound less natural.</source>
        <translation>移调（Rubber Band）：语速不变，升高或降低音高；共振峰随之移动，因此幅度大时听起来不够自然。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="341"/>
        <source>No model here can act an emotion; it is approximated with prosody only, and repeating makes it stronger:</source>
        <translation>这里没有能表演情绪的模型；只用韵律近似，重复应用会更强烈：</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="343"/>
        <source>{0}: rate {1} %, pitch {2} semitones, loudness {3} dB</source>
        <translation>{0}：语速 {1} %，音高 {2} 个半音，响度 {3} dB</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="344"/>
        <source>happy</source>
        <translation>高兴</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="345"/>
        <source>excited</source>
        <translation>兴奋</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="346"/>
        <source>angry</source>
        <translation>生气</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="347"/>
        <source>sad</source>
        <translation>悲伤</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="348"/>
        <source>depressed</source>
        <translation>沮丧</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="349"/>
        <source>surprised</source>
        <translation>惊讶</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="350"/>
        <source>fear</source>
        <translation>恐惧</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="351"/>
        <source>Changing the speaking style needs a speech-editing model such as Step-Audio-EditX; signal processing cannot do it.</source>
        <translation>改变说话风格需要 Step-Audio-EditX 这样的语音编辑模型；信号处理做不到。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="353"/>
        <source>Adding breaths, laughs or sighs needs a speech-editing model such as Step-Audio-EditX; no voice here can make these sounds.</source>
        <translation>添加呼吸、笑声或叹气需要 Step-Audio-EditX 这样的语音编辑模型；这里没有能发出这些声音的声音。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="355"/>
        <source>{0} cannot edit recordings; choose an engine that lists edits.</source>
        <translation>{0} 不能编辑录音；请选择一个列出编辑功能的引擎。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="356"/>
        <source>Repeat an edit 1 to {0} times.</source>
        <translation>编辑可重复 1 到 {0} 次。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="357"/>
        <source>The edit failed: {0}. The recording is unchanged.</source>
        <translation>编辑失败：{0}。录音未改变。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="358"/>
        <source>The edit failed in iteration {0} of {1}: {2}; the recording is unchanged.</source>
        <translation>编辑在第 {0} / {1} 轮失败：{2}；录音未改变。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="359"/>
        <source>The edit failed in iteration {0} of {1}: {2}; the finished iteration is kept.</source>
        <translation>编辑在第 {0} / {1} 轮失败：{2}；已完成的一轮已保留。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="361"/>
        <source>The edit failed in iteration {0} of {1}: {2}; the {3} finished iterations are kept.</source>
        <translation>编辑在第 {0} / {1} 轮失败：{2}；已完成的 {3} 轮已保留。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="363"/>
        <source>The sound goes at {0} s, outside the span {1}-{2} s it is added to.</source>
        <translation>声音的位置 {0} 秒在要添加的范围 {1}-{2} 秒之外。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="364"/>
        <source>The recording is empty; there is nothing to edit.</source>
        <translation>录音为空，没有可编辑的内容。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="365"/>
        <source>The selection is empty; select some audio first.</source>
        <translation>选区为空；请先选择一段音频。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="366"/>
        <source>The selection is silent; there is no peak to normalise.</source>
        <translation>选区是静音，没有可归一化的峰值。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="367"/>
        <source>The selection {0}-{1} s is outside the clip (0-{2} s).</source>
        <translation>选区 {0}-{1} 秒超出了片段范围（0-{2} 秒）。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="368"/>
        <source>The selection ends ({0} s) before it starts ({1} s).</source>
        <translation>选区的结束（{0} 秒）早于开始（{1} 秒）。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="369"/>
        <source>The position {0} s is outside the clip (0-{1} s).</source>
        <translation>位置 {0} 秒超出了片段范围（0-{1} 秒）。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="370"/>
        <source>That would leave the clip empty; select less, or delete the project.</source>
        <translation>这样会让片段变空；请少选一些，或删除项目。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="371"/>
        <source>Split inside the clip, not at its start or end.</source>
        <translation>请在片段内部拆分，不要在开头或结尾。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="372"/>
        <source>The clip to insert is empty.</source>
        <translation>要插入的片段为空。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="373"/>
        <source>There is nothing to undo.</source>
        <translation>没有可撤销的操作。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="374"/>
        <source>There is nothing to redo.</source>
        <translation>没有可重做的操作。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="375"/>
        <source>A project needs a title.</source>
        <translation>项目需要一个标题。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="376"/>
        <source>A gain of {0} dB is outside the {1}..+{2} dB the editor applies.</source>
        <translation>增益 {0} dB 超出了编辑器可用的 {1}..+{2} dB 范围。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="377"/>
        <source>A pitch change of {0} semitones is outside -{1}..+{2}.</source>
        <translation>音高变化 {0} 个半音超出了 -{1}..+{2} 的范围。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="378"/>
        <source>A speed of x{0} is outside x{1}..x{2}.</source>
        <translation>速度 x{0} 超出了 x{1}..x{2} 的范围。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="379"/>
        <source>A loudness of {0} LUFS is outside -70..0 LUFS.</source>
        <translation>响度 {0} LUFS 超出了 -70..0 LUFS 的范围。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="380"/>
        <source>A peak of {0} dBFS would clip; choose 0 dBFS or lower.</source>
        <translation>峰值 {0} dBFS 会削波；请选择 0 dBFS 或更低。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="381"/>
        <source>Reaching {0} LUFS would clip the peaks by {1} dB; choose a lower target.</source>
        <translation>达到 {0} LUFS 会让峰值削波 {1} dB；请选择更低的目标。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="382"/>
        <source>No pause longer than {0} s was found.</source>
        <translation>没有找到长于 {0} 秒的停顿。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="383"/>
        <source>Open a recording or a project first.</source>
        <translation>请先打开一段录音或一个项目。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="384"/>
        <source>Select one or more words first.</source>
        <translation>请先选择一个或多个词。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="385"/>
        <source>That would delete every word; select fewer words, or delete the project.</source>
        <translation>这样会删除所有词；请少选一些，或删除项目。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="386"/>
        <source>The words no longer match the recording; transcribe it again.</source>
        <translation>文字与录音已不再对应；请重新转写。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="387"/>
        <source>Whisper could not transcribe this recording ({0}).</source>
        <translation>Whisper 无法转写这段录音（{0}）。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="389"/>
        <source>The file {0}, which says where your data folder is, could not be read ({1}); the studio uses the default data folder {2} until it can.</source>
        <translation>记录数据文件夹位置的文件 {0} 无法读取（{1}）；在能读取之前，工作室使用默认数据文件夹 {2}。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="391"/>
        <source>The file {0}, which says where your data folder is, is damaged; the studio uses the default data folder {1}. Choose your data folder again (File &gt; Data Folder…).</source>
        <translation>记录数据文件夹位置的文件 {0} 已损坏；工作室使用默认数据文件夹 {1}。请重新选择数据文件夹（文件 &gt; 数据文件夹…）。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="394"/>
        <source>Your data folder {0} cannot be found (is its disk connected?). Until it is back the studio uses the default data folder {1}, and what you make meanwhile is kept there.</source>
        <translation>找不到你的数据文件夹 {0}（磁盘是否已连接？）。在它恢复之前，工作室使用默认数据文件夹 {1}，其间新建的内容保存在那里。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="397"/>
        <source>The folder {0} does not hold the studio&apos;s data (is its disk mounted?). Until it does the studio uses the default data folder {1}, and what you make meanwhile is kept there.</source>
        <translation>文件夹 {0} 中没有工作室的数据（磁盘是否已挂载？）。在恢复之前，工作室使用默认数据文件夹 {1}，其间新建的内容保存在那里。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="400"/>
        <source>Your data is already in {0}.</source>
        <translation>你的数据已经在 {0} 中。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="401"/>
        <source>The data folder cannot move into itself: {0} is inside {1}.</source>
        <translation>数据文件夹不能移到自身内部：{0} 位于 {1} 之内。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="402"/>
        <source>The data folder cannot move to {0}: that folder holds it. Choose an empty folder.</source>
        <translation>数据文件夹不能移到 {0}：该文件夹包含它。请选择一个空文件夹。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="404"/>
        <source>The data folder cannot move to {0}: it is a file, not a folder.</source>
        <translation>数据文件夹不能移到 {0}：那是一个文件，不是文件夹。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="405"/>
        <source>The data folder can only move to an empty folder; {0} has files in it. Choose an empty or new folder.</source>
        <translation>数据文件夹只能移到空文件夹；{0} 中已有文件。请选择一个空的或新的文件夹。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="407"/>
        <source>The data folder cannot move to {0}: that is not a folder name this system can use.</source>
        <translation>数据文件夹不能移到 {0}：这个系统不能使用该文件夹名。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="409"/>
        <source>your data folder</source>
        <translation>你的数据文件夹</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="410"/>
        <source>The data folder was not moved: the disk that holds {0} is full. Nothing was changed: the studio keeps using {1}.</source>
        <translation>数据文件夹没有移动：{0} 所在的磁盘已满。没有任何改变：工作室继续使用 {1}。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="412"/>
        <source>The data folder was not moved: you do not have permission to write in {0}. Nothing was changed: the studio keeps using {1}.</source>
        <translation>数据文件夹没有移动：你没有写入 {0} 的权限。没有任何改变：工作室继续使用 {1}。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="414"/>
        <source>The data folder was not moved: {0} is on a read-only disk. Nothing was changed: the studio keeps using {1}.</source>
        <translation>数据文件夹没有移动：{0} 位于只读磁盘上。没有任何改变：工作室继续使用 {1}。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="416"/>
        <source>The data folder was not moved: {0}. Nothing was changed: the studio keeps using {1}.</source>
        <translation>数据文件夹没有移动：{0}。没有任何改变：工作室继续使用 {1}。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="418"/>
        <source>The move was cancelled. Nothing was changed: the studio keeps using {0}.</source>
        <translation>移动已取消。没有任何改变：工作室继续使用 {0}。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="419"/>
        <source>The copy of {0} failed SQLite&apos;s integrity check. Nothing was changed: the studio keeps using {1}.</source>
        <translation>{0} 的副本未通过 SQLite 完整性检查。没有任何改变：工作室继续使用 {1}。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="421"/>
        <source>The data folder changed while it was copied (something was saved); try again when the studio is not saving. Nothing was changed: the studio keeps using {0}.</source>
        <translation>复制期间数据文件夹发生了变化（有内容被保存）；请在工作室不在保存时重试。没有任何改变：工作室继续使用 {0}。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="423"/>
        <source>The copy of {0} in {1} is missing or incomplete. Nothing was changed: the studio keeps using {2}.</source>
        <translation>{1} 中 {0} 的副本缺失或不完整。没有任何改变：工作室继续使用 {2}。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="425"/>
        <source>The copy in {0} holds files that were not copied. Nothing was changed: the studio keeps using {1}.</source>
        <translation>{0} 中的副本含有未复制的文件。没有任何改变：工作室继续使用 {1}。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="427"/>
        <source>The old data folder {0} was kept ({1} could not be removed); remove it yourself when you no longer need it.</source>
        <translation>旧数据文件夹 {0} 已保留（{1} 无法删除）；不再需要时请自行删除。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="429"/>
        <source>The old data folder {0} was kept (it holds files the move did not copy); remove it yourself when you no longer need it.</source>
        <translation>旧数据文件夹 {0} 已保留（其中有移动时未复制的文件）；不再需要时请自行删除。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="431"/>
        <source>The old data folder {0} was kept: something was saved in it after it was copied, and exists only there. Copy what you need to {1}, then remove it.</source>
        <translation>旧数据文件夹 {0} 已保留：复制之后又有内容保存到其中，且只存在于那里。请把需要的内容复制到 {1}，然后删除它。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="433"/>
        <source>{0} is not a data folder the studio moved (it has no {1} file). Choose the data folder itself.</source>
        <translation>{0} 不是工作室移动过的数据文件夹（其中没有 {1} 文件）。请选择数据文件夹本身。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="435"/>
        <source>The studio could not change {0}: {1}.</source>
        <translation>工作室无法修改 {0}：{1}。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="437"/>
        <source>Transcribing {0} of {1}…</source>
        <translation>正在转写 {0} / {1}…</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="438"/>
        <source>Transcribed {0} words.</source>
        <translation>已转写 {0} 个词。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="439"/>
        <source>Transcription is not available: {0}</source>
        <translation>无法转写：{0}</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="440"/>
        <source>Preparing the voice from the recording…</source>
        <translation>正在从录音准备声音…</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="441"/>
        <source>Speaking the new words…</source>
        <translation>正在朗读新的词语…</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="442"/>
        <source>Splicing the new words in…</source>
        <translation>正在拼接新的词语…</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="445"/>
        <source>This take was made by {0} with the voice {1}: the new words are spoken by the same engine, voice, tags and settings, so the seam is the same voice.</source>
        <translation>这条录音由 {0} 用声音 {1} 生成：新的词语用同样的引擎、声音、标签和设置朗读，因此接缝处是同一个声音。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="447"/>
        <source>This recording was not made in the studio: {0} clones the voice from about {1} s of the recording&apos;s own speech around the words, then speaks the new words.</source>
        <translation>这段录音不是在工作室中生成的：{0} 从词语周围约 {1} 秒的录音语音中克隆声音，再朗读新的词语。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="449"/>
        <source>This recording was not made in the studio and no engine here can clone a voice: {0} matches its nearest voice to about {1} s of the recording&apos;s own speech around the words (a voice match, not a clone), then speaks the new words.</source>
        <translation>这段录音不是在工作室中生成的，且这里没有能克隆声音的引擎：{0} 按词语周围约 {1} 秒的录音语音匹配最接近的声音（声音匹配，不是克隆），再朗读新的词语。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="452"/>
        <source>This recording was not made in the studio and no engine here can clone from it: the new words are spoken by {0} with the voice you picked, {1}.</source>
        <translation>这段录音不是在工作室中生成的，且这里没有能从中克隆的引擎：新的词语由 {0} 用你选择的声音 {1} 朗读。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="454"/>
        <source>This recording was not made in the studio, no engine here can clone from it and no voice is picked: the new words are spoken by {0} with its default voice, {1}.</source>
        <translation>这段录音不是在工作室中生成的，这里没有能从中克隆的引擎，也没有选择声音：新的词语由 {0} 用其默认声音 {1} 朗读。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="457"/>
        <source>The voice prepared from this recording before is used again.</source>
        <translation>再次使用之前从这段录音准备的声音。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="458"/>
        <source>The take&apos;s engine ({0}) cannot run here: {1}</source>
        <translation>这条录音的引擎（{0}）无法在这里运行：{1}</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="459"/>
        <source>No engine can speak the new words here; install or repair an engine first.</source>
        <translation>这里没有能朗读新词语的引擎；请先安装或修复一个引擎。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="460"/>
        <source>Type the new words, or delete the words instead.</source>
        <translation>请输入新的词语，或改为删除这些词语。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="461"/>
        <source>The recording has {0} s of speech around the words; {1} needs at least {2} s to prepare the voice. Pick a voice instead.</source>
        <translation>词语周围只有 {0} 秒语音；{1} 至少需要 {2} 秒来准备声音。请改为选择一个声音。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="463"/>
        <source>The engine produced no speech for the new words.</source>
        <translation>引擎没有为新的词语生成语音。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="464"/>
        <source>The new words are too short or silent to match their loudness.</source>
        <translation>新的词语太短或没有声音，无法匹配响度。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="465"/>
        <source>There is no speech around the words to match their loudness to.</source>
        <translation>词语周围没有可用于匹配响度的语音。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="466"/>
        <source>The words could not be found precisely enough in the audio to cut them; select their audio on the waveform instead.</source>
        <translation>无法在音频中足够精确地找到这些词语来剪切；请改为在波形上选择它们的音频。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="469"/>
        <source>small offline model</source>
        <translation>小型离线模型</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="470"/>
        <source>the small offline model on this computer (Qwen2.5-Coder 0.5B), for trying Chat: connect Step-Audio-Chat or an OpenAI-compatible server for real conversations</source>
        <translation>本机上的小型离线模型（Qwen2.5-Coder 0.5B），用于试用对话：要进行真正的对话，请连接 Step-Audio-Chat 或 OpenAI 兼容的服务器</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="473"/>
        <source>(The offline model tried to use a tool but wrote the request in a form the studio cannot read; ask again, perhaps in other words.)</source>
        <translation>（离线模型尝试使用工具，但请求的写法工作室无法读取；请再问一次，也许换个说法。）</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="475"/>
        <source>The offline chat model is not installed.</source>
        <translation>离线对话模型未安装。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="476"/>
        <source>The offline chat model is still busy with another reply; try again in a moment.</source>
        <translation>离线对话模型仍在处理另一条回复；请稍后再试。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="478"/>
        <source>The offline chat model&apos;s process is not answering; send the message again to restart it.</source>
        <translation>离线对话模型的进程没有响应；请再次发送消息以重新启动它。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="480"/>
        <source>The offline chat model&apos;s process ended during the reply; send the message again to restart it.</source>
        <translation>离线对话模型的进程在回复期间结束；请再次发送消息以重新启动它。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="483"/>
        <source>Subtitles are written as .srt or .vtt; choose one of those endings.</source>
        <translation>字幕只能保存为 .srt 或 .vtt，请选择其中一种扩展名。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="484"/>
        <source>There are no words to make subtitles from; transcribe the recording first.</source>
        <translation>没有可用于生成字幕的文字，请先转写录音。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="485"/>
        <source>This take has no timing of its text to make subtitles from.</source>
        <translation>此音频没有文本时间信息，无法生成字幕。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="486"/>
        <source>This take&apos;s record of its text is damaged.</source>
        <translation>此音频的文本记录已损坏。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="488"/>
        <source>Line {0} has {1} characters; a line may have {2}: split it into shorter lines.</source>
        <translation>第 {0} 行有 {1} 个字符；每行最多 {2} 个：请拆成较短的几行。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="490"/>
        <source>Line {0}: {1}</source>
        <translation>第 {0} 行：{1}</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="491"/>
        <source>The script has more than {0} lines; split it into parts.</source>
        <translation>剧本超过 {0} 行；请拆成几部分。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="492"/>
        <source>Line {0} brings a {1}th speaker; a script may have {2}. Is a colon in the text read as a speaker&apos;s name?</source>
        <translation>第 {0} 行出现了第 {1} 位说话人；一个剧本最多 {2} 位。是不是正文中的冒号被当成了说话人的名字？</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="494"/>
        <source>The script has no lines to speak.</source>
        <translation>剧本中没有要朗读的句子。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="495"/>
        <source>The engine produced no audio.</source>
        <translation>引擎没有生成任何音频。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="496"/>
        <source>No line was made, so there is nothing to join.</source>
        <translation>没有生成任何句子，因此无法拼接。</translation>
    </message>
    <message>
        <source>{0} ({1}) cannot speak {2}; {3} ({4}) speaks that part instead.</source>
        <translation type="vanished">{0}（{1}）不会说{2}；这部分由 {3}（{4}）来说。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="190"/>
        <source>Listening to the reference voice</source>
        <translation>正在聆听参考音色</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="191"/>
        <source>Trying voice {0} of {1}</source>
        <translation>正在试第 {0} 个音色，共 {1} 个</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="192"/>
        <source>Trying blends {0}-{1} of {2}</source>
        <translation>正在试第 {0}-{1} 个混合，共 {2} 个</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="193"/>
        <source>Scored blend {0} of {1}</source>
        <translation>已评分第 {0} 个混合，共 {1} 个</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="194"/>
        <source>Best match found</source>
        <translation>已找到最接近的音色</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="195"/>
        <source>Measuring the default voice</source>
        <translation>正在测量默认音色</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="196"/>
        <source>Measuring the match</source>
        <translation>正在测量匹配结果</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="197"/>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="198"/>
        <source>Fetching the speaker model (once): {0} of {1} MB</source>
        <translation>正在获取说话人模型（仅一次）：{0} / {1} MB</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="200"/>
        <source>There is not enough room for {0} on the disk that holds {1}: {2} free, about {3} needed. Free some space and try again.</source>
        <translation>{1} 所在的磁盘空间不足以保存{0}：剩余 {2}，大约需要 {3}。请腾出空间后重试。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="202"/>
        <source>a new voice</source>
        <translation>新音色</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="203"/>
        <source>this take</source>
        <translation>这段音频</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="204"/>
        <source>Could not save {0}: the disk is full ({1} free on the disk that holds {2}). Free some space and try again.</source>
        <translation>无法保存 {0}：磁盘已满（{2} 所在的磁盘剩余 {1}）。请腾出空间后重试。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="206"/>
        <source>Could not save to the {0} in {1}: the disk is full ({2} free). Free some space and try again.</source>
        <translation>无法保存到 {1} 中的{0}：磁盘已满（剩余 {2}）。请腾出空间后重试。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="209"/>
        <source>The recording holds samples that are not numbers (NaN or infinite): the file is damaged. Export it again.</source>
        <translation>录音里有不是数字的采样（NaN 或无穷大）：文件已损坏。请重新导出。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="211"/>
        <source>The recording&apos;s samples go far beyond full scale (peak {0}, where 1 is full scale): it is not audio as recorded. Export it again as 16- or 24-bit audio.</source>
        <translation>录音的采样远超满刻度（峰值 {0}，满刻度为 1）：这不是录制出来的音频。请重新导出为 16 位或 24 位音频。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="213"/>
        <source>No speech was found in the recording, only {0}: record or import at least {1} s of one person speaking.</source>
        <translation>录音里没有找到语音，只有{0}：请录制或导入至少 {1} 秒单人说话的声音。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="215"/>
        <source>a steady tone or music</source>
        <translation>持续的音调或音乐</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="216"/>
        <source>noise or other sound</source>
        <translation>噪声或其他声音</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="217"/>
        <source>near silence</source>
        <translation>近乎静音</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="218"/>
        <source>Not checked: the samples are {0}.</source>
        <translation>未检查：采样{0}。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="219"/>
        <source>not numbers</source>
        <translation>不是数字</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="220"/>
        <source>far beyond full scale (peak {0})</source>
        <translation>远超满刻度（峰值 {0}）</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="221"/>
        <source>Not a recording that can be checked.</source>
        <translation>无法检查的录音。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="259"/>
        <source>Step-Audio TTS-3B (local)</source>
        <translation>Step-Audio TTS-3B（本地）</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="261"/>
        <source>Embedded (CPU, offline)</source>
        <translation>嵌入式引擎（CPU，离线）</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="264"/>
        <source>English (espeak)</source>
        <translation>英语（espeak）</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="265"/>
        <source>Cantonese (espeak)</source>
        <translation>粤语（espeak）</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="266"/>
        <source>Korean (espeak)</source>
        <translation>韩语（espeak）</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="267"/>
        <source>German (espeak)</source>
        <translation>德语（espeak）</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="268"/>
        <source>French (espeak)</source>
        <translation>法语（espeak）</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="269"/>
        <source>Spanish (espeak)</source>
        <translation>西班牙语（espeak）</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="270"/>
        <source>Italian (espeak)</source>
        <translation>意大利语（espeak）</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="271"/>
        <source>Portuguese (espeak)</source>
        <translation>葡萄牙语（espeak）</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="272"/>
        <source>Russian (espeak)</source>
        <translation>俄语（espeak）</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="273"/>
        <source>Hindi (espeak)</source>
        <translation>印地语（espeak）</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="275"/>
        <source>US English male, Piper VITS medium. Fastest voice; English only.</source>
        <translation>美式英语男声，Piper VITS 中等模型。速度最快；只会说英语。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="276"/>
        <source>Kokoro-82M Japanese voice; speaks Japanese natively and English and Mandarin with a Japanese accent.</source>
        <translation>Kokoro-82M 日语音色；日语地道，英语和普通话带日语口音。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="278"/>
        <source>espeak-ng formant voice: robotic and often hard to understand; native pitch and rate. The only Cantonese and Korean voices here.</source>
        <translation>espeak-ng 共振峰音色：机械感强，常常不易听懂；原生支持音高和语速。这里仅有的粤语和韩语音色。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="280"/>
        <source>{0} does not accept free-form instructions</source>
        <translation>{0} 不接受自由指令</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="281"/>
        <source>{0} does not know this tag</source>
        <translation>{0} 不认识这个标签</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="282"/>
        <source>{0} is not honoured: {1}</source>
        <translation>{0} 不会生效：{1}</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="283"/>
        <source>The Python package &apos;{0}&apos; is not installed.</source>
        <translation>未安装 Python 包“{0}”。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="284"/>
        <source>espeak-ng&apos;s data is missing ({0}).</source>
        <translation>缺少 espeak-ng 的数据（{0}）。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="285"/>
        <source>libespeak-ng is missing at {0}.</source>
        <translation>{0} 处缺少 libespeak-ng。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="286"/>
        <source>The Piper voice file {0} is missing.</source>
        <translation>缺少 Piper 声音文件 {0}。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="287"/>
        <source>Part {0} of the Kokoro model (&apos;{1}&apos;) is missing.</source>
        <translation>缺少 Kokoro 模型的第 {0} 部分（“{1}”）。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="288"/>
        <source>The Kokoro voices file voices_ja.npz is missing.</source>
        <translation>缺少 Kokoro 声音文件 voices_ja.npz。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="289"/>
        <source>No embedded voice can run: {0}</source>
        <translation>没有可运行的内置声音：{0}</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="290"/>
        <source>Some voices are missing: {0}</source>
        <translation>缺少部分声音：{0}</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="291"/>
        <source>See the engine server&apos;s log.</source>
        <translation>请查看引擎服务器的日志。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="292"/>
        <source>Speaker similarity needs the resemblyzer speaker-embedding weights, which are not installed.</source>
        <translation>说话人相似度需要 resemblyzer 说话人嵌入权重，但尚未安装。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="294"/>
        <source>The server at {0} did not answer like a Step Audio Studio engine server ({1}).</source>
        <translation>{0} 上的服务器没有像 Step Audio Studio 引擎服务器那样应答（{1}）。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="296"/>
        <source>The server at {0} has no engine &apos;{1}&apos; (it serves: {2}).</source>
        <translation>{0} 上的服务器没有引擎“{1}”（它提供：{2}）。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="297"/>
        <source>Choose one of those, or restart the server with --engine {0}.</source>
        <translation>请从中选择一个，或用 --engine {0} 重新启动服务器。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="298"/>
        <source>Engine &apos;{0}&apos; could not be loaded: {1}</source>
        <translation>无法加载引擎“{0}”：{1}</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="299"/>
        <source>Engine &apos;{0}&apos; ({1}) could not be loaded from {2}: {3}.</source>
        <translation>无法从 {2} 加载引擎“{0}”（{1}）：{3}</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="300"/>
        <source>Duration</source>
        <translation>时长</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="301"/>
        <source>Loudness</source>
        <translation>响度</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="302"/>
        <source>Clipping</source>
        <translation>削波</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="303"/>
        <source>Silence</source>
        <translation>静音</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="304"/>
        <source>Sample rate</source>
        <translation>采样率</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="305"/>
        <source>One speaker</source>
        <translation>单一说话人</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="306"/>
        <source>Music or tones</source>
        <translation>音乐或持续音</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="307"/>
        <source>Background noise</source>
        <translation>背景噪声</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="308"/>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="309"/>
        <source>Top k</source>
        <translation>Top k</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="310"/>
        <source>Top p</source>
        <translation>Top p</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="311"/>
        <source>Streaming</source>
        <translation>流式</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="312"/>
        <source>sampling temperature (0: greedy)</source>
        <translation>采样温度（0：贪心）</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="313"/>
        <source>keep the k likeliest tokens (0: off)</source>
        <translation>只保留最可能的 k 个词元（0：关闭）</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="314"/>
        <source>nucleus sampling mass</source>
        <translation>核采样概率质量</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="315"/>
        <source>decode while generating (audio starts sooner)</source>
        <translation>边生成边解码（音频更快开始）</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="316"/>
        <source>Calm English narrator</source>
        <translation>沉稳的英语旁白</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="317"/>
        <source>Unhurried, even narration for audiobooks and long explanations.</source>
        <translation>不紧不慢、平稳的旁白，适合有声书和长篇讲解。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="318"/>
        <source>Cheerful Mandarin host (高兴)</source>
        <translation>开朗的普通话主持人（高兴）</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="319"/>
        <source>A bright, upbeat Mandarin host; the persona is used in Chat.</source>
        <translation>明快、积极的普通话主持人；对话中会使用该角色。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="320"/>
        <source>Fast news read</source>
        <translation>快速新闻播报</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="321"/>
        <source>Brisk headline reading; the (快速1) tag speeds delivery where the engine supports it.</source>
        <translation>利落的新闻标题播报；引擎支持时，(快速1) 标签会加快语速。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="323"/>
        <source>Friendly English assistant</source>
        <translation>友好的英语助手</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="324"/>
        <source>A warm conversational voice with a Chat persona.</source>
        <translation>带对话角色的亲切会话声音。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="325"/>
        <source>Assistant</source>
        <translation>助手</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="326"/>
        <source>A friendly, concise voice assistant.</source>
        <translation>友好、简洁的语音助手。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="327"/>
        <source>Barista (role-play)</source>
        <translation>咖啡师（角色扮演）</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="328"/>
        <source>A cheerful barista taking your order; good for practising everyday phrases.</source>
        <translation>开朗的咖啡师为你点单；适合练习日常用语。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="329"/>
        <source>Detective (role-play)</source>
        <translation>侦探（角色扮演）</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="330"/>
        <source>A 1920s private detective interviewing you about a missing necklace.</source>
        <translation>一位 1920 年代的私家侦探，就一条失踪的项链向你问话。</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="331"/>
        <source>Language tutor</source>
        <translation>语言家教</translation>
    </message>
    <message>
        <location filename="../ui/common/core_messages.py" line="332"/>
        <source>A patient tutor who corrects gently and asks a follow-up question.</source>
        <translation>耐心的家教，温和地纠正错误并追问一个问题。</translation>
    </message>
</context>
</TS>
